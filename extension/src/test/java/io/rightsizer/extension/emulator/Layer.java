package io.rightsizer.extension.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** A built layer zip, unpacked with its file modes the way Lambda unpacks a layer into {@code /opt}. */
public final class Layer {

    private static Path unpacked;

    private Layer() {
    }

    /** The x86_64 layer zip built by {@code mvn package} (path passed in by the POM). */
    public static Path zip() {
        return built("layer.zip");
    }

    /** The arm64 layer zip built by {@code mvn package}. */
    public static Path arm64Zip() {
        return built("layer.arm64.zip");
    }

    private static Path built(String property) {
        String zip = System.getProperty(property);
        if (zip == null || !Files.isRegularFile(Path.of(zip))) {
            throw new IllegalStateException("layer zip not found (" + property + "=" + zip + "): run through mvn verify");
        }
        return Path.of(zip);
    }

    /** The extension inside a fresh unpacked copy of the x86_64 layer zip (one copy per test JVM). */
    public static synchronized Path launcher() {
        if (unpacked == null) {
            unpacked = unpack(zip(), Path.of(System.getProperty("layer.unzip.dir", "target/layer-unzipped")));
        }
        return unpacked.resolve("extensions/rightsizer-extension");
    }

    /** Unpacks {@code zip} into {@code target}, keeping the Unix modes stored in the zip, then makes it read-only. */
    public static Path unpack(Path zip, Path target) {
        try {
            if (Files.exists(target)) {
                try (Stream<Path> files = Files.walk(target)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> {
                        p.toFile().setWritable(true);
                        p.toFile().delete();
                    });
                }
            }
            Files.createDirectories(target);
            try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()),
                    Map.of("enablePosixFileAttributes", "true"))) {
                Path root = fs.getPath("/");
                try (Stream<Path> entries = Files.walk(root)) {
                    for (Path entry : (Iterable<Path>) entries::iterator) {
                        Path out = target.resolve(root.relativize(entry).toString());
                        if (Files.isDirectory(entry)) {
                            Files.createDirectories(out);
                        } else {
                            Files.createDirectories(out.getParent());
                            Files.copy(entry, out);
                            Set<PosixFilePermission> mode = Files.getFileAttributeView(entry,
                                    PosixFileAttributeView.class).readAttributes().permissions();
                            // Read-only like /opt in Lambda: the extension must not need to write there.
                            mode.remove(PosixFilePermission.OWNER_WRITE);
                            mode.remove(PosixFilePermission.GROUP_WRITE);
                            mode.remove(PosixFilePermission.OTHERS_WRITE);
                            Files.setPosixFilePermissions(out, mode);
                        }
                    }
                }
            }
            try (Stream<Path> dirs = Files.walk(target)) {
                dirs.filter(Files::isDirectory).forEach(d -> d.toFile().setWritable(false, false));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
