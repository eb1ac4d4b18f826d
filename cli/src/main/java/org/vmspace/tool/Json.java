package org.vmspace.tool;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The one JSON writer of {@code --json} results: pretty-printed, no HTML escaping. */
public final class Json {
    public static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

    private Json() {}
}
