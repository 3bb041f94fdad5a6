package io.rightsizer.domain.scan;

import java.util.List;

/** The functions of one account and Region, as a scan finds them (read-only). */
public interface FunctionCatalog {

    /** Every function's {@code $LATEST} configuration, in the order the account lists them. */
    List<ListedFunction> functions();
}
