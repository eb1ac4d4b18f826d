package org.vmspace.mm;

import java.util.Optional;

/** The result of {@code query}: the current page {@code [va, va + PAGE_SIZE)} and its item, if mapped. */
public record QueryResult(long va, long end, Optional<MappedItem> item) {}
