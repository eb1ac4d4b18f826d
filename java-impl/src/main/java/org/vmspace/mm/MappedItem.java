package org.vmspace.mm;

import org.vmspace.model.PageProperty;
import org.vmspace.model.UFrame;

/** A mapped frame and its property ({@code MappedItem}). */
public record MappedItem(UFrame frame, PageProperty prop) {}
