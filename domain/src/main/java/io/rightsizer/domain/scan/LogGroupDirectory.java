package io.rightsizer.domain.scan;

import java.util.List;
import java.util.Optional;

/** The log groups of one account and Region, read-only. */
public interface LogGroupDirectory {

    /** Every log group whose name starts with {@code prefix}, ordered by name. */
    List<LogGroupInfo> list(String prefix);

    /** The log group of exactly this name, if it exists. */
    Optional<LogGroupInfo> find(String name);
}
