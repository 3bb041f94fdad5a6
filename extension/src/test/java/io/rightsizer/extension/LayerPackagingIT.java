package io.rightsizer.extension;

import static org.assertj.core.api.Assertions.assertThat;

import io.rightsizer.extension.emulator.Layer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each layer holds one file, {@code extensions/rightsizer-extension}, executable, a static binary for its
 * architecture that needs nothing from the function's runtime (no Java, no glibc, no shell), small.
 */
class LayerPackagingIT {

    /** ELF e_machine values. */
    private static final int EM_X86_64 = 62;
    private static final int EM_AARCH64 = 183;
    /** ELF program header type of the dynamic loader's path: a static binary has none. */
    private static final int PT_INTERP = 3;
    private static final int PT_DYNAMIC = 2;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"x86_64", "arm64"})
    void theLayerIsOneExecutableStaticBinaryForItsArchitectureUnder8MB(String architecture) throws Exception {
        Path zip = architecture.equals("x86_64") ? Layer.zip() : Layer.arm64Zip();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            ZipEntry binary = null;
            long unzipped = 0;
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!e.isDirectory()) {
                    assertThat(e.getName()).isEqualTo("extensions/rightsizer-extension");
                    binary = e;
                    unzipped += e.getSize();
                }
            }
            assertThat(binary).as("extensions/rightsizer-extension in " + zip).isNotNull();
            assertThat(unzipped).as("unzipped size").isLessThanOrEqualTo(8L * 1024 * 1024);
            assertThat(unixMode(zip, binary.getName())).as("file mode").isEqualTo("rwxr-xr-x");
            byte[] elf = file.getInputStream(binary).readAllBytes();
            assertThat(elf).startsWith(0x7f, 'E', 'L', 'F');
            ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(b.getShort(18) & 0xffff).as("ELF machine")
                    .isEqualTo(architecture.equals("x86_64") ? EM_X86_64 : EM_AARCH64);
            long phoff = b.getLong(32);
            int phentsize = b.getShort(54) & 0xffff;
            int phnum = b.getShort(56) & 0xffff;
            for (int i = 0; i < phnum; i++) {
                int type = b.getInt((int) phoff + i * phentsize);
                assertThat(type).as("program header %d: no dynamic loader, no dynamic section", i)
                        .isNotIn(PT_INTERP, PT_DYNAMIC);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void unpackedAsLambdaUnpacksLayersTheBinaryIsExecutable() throws IOException {
        Path binary = Layer.launcher();
        assertThat(Files.isExecutable(binary)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(binary))).isEqualTo("r-xr-xr-x");
    }

    /** The Unix mode a zip entry carries (what Lambda applies when it unpacks the layer). */
    private static String unixMode(Path zip, String name) throws IOException {
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()),
                Map.of("enablePosixFileAttributes", "true"))) {
            return PosixFilePermissions.toString(Files.getFileAttributeView(fs.getPath(name),
                    PosixFileAttributeView.class).readAttributes().permissions());
        }
    }
}
