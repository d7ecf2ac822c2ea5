package space.telemetry.testdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import space.telemetry.data.DataDirectory;
import space.telemetry.data.DataFileException;
import space.telemetry.data.NpyDtype;
import space.telemetry.data.NpyFile;
import space.telemetry.data.NpyHeader;
import space.telemetry.data.NpyRowReader;

class NpyFileTest {
    @TempDir
    Path dir;

    private static double[][] matrix(int rows, int columns) {
        double[][] m = new double[rows][columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                m[r][c] = r * 1000.0 + c + 0.25;
            }
        }
        return m;
    }

    @Test
    void readsFloat64HeaderAndRows() {
        Path file = dir.resolve("a.npy");
        double[][] data = matrix(5000, 25); // several 64 KiB buffers
        NpyWriter.write(file, data);

        NpyHeader header = NpyFile.readHeader(file);
        assertThat(header.dtype()).isEqualTo(NpyDtype.FLOAT64);
        assertThat(header.version()).isEqualTo("1.0");
        assertThat(header.rows()).isEqualTo(5000);
        assertThat(header.columns()).isEqualTo(25);
        assertThat(header.dataOffset() % 64).isZero();

        try (NpyRowReader reader = NpyFile.open(file)) {
            double[] row = new double[reader.columns()];
            int count = 0;
            while (reader.next(row)) {
                assertThat(row).containsExactly(data[count]);
                count++;
            }
            assertThat(count).isEqualTo(5000);
            assertThat(reader.position()).isEqualTo(5000);
            assertThat(reader.next(row)).isFalse();
        }
        assertThat(NpyFile.readAll(file)).isDeepEqualTo(data);
        assertThat(NpyFile.readColumn(file, 3)[4999]).isEqualTo(4999003.25);
    }

    @Test
    void readsFloat32() {
        Path file = dir.resolve("f4.npy");
        NpyWriter.write(file, new double[][] {{1.5, -2.25}, {3.0, 0.125}}, NpyDtype.FLOAT32);
        assertThat(NpyFile.readHeader(file).dtype()).isEqualTo(NpyDtype.FLOAT32);
        assertThat(NpyFile.readAll(file)).isDeepEqualTo(new double[][] {{1.5, -2.25}, {3.0, 0.125}});
    }

    @Test
    void readsVersion2HeaderAndOneDimensionalArrays() throws IOException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }\n";
        ByteBuffer buffer = ByteBuffer.allocate(12 + dict.length() + 24).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(NpyFile.magic()).put((byte) 2).put((byte) 0).putInt(dict.length())
                .put(dict.getBytes(StandardCharsets.ISO_8859_1)).putDouble(1).putDouble(2).putDouble(3);
        Path file = dir.resolve("v2.npy");
        Files.write(file, buffer.array());

        NpyHeader header = NpyFile.readHeader(file);
        assertThat(header.version()).isEqualTo("2.0");
        assertThat(header.columns()).isEqualTo(1);
        assertThat(header.rows()).isEqualTo(3);
        assertThat(NpyFile.readColumn(file, 0)).containsExactly(1, 2, 3);
    }

    @Test
    void rejectsBadMagic() throws IOException {
        Path file = dir.resolve("bad.npy");
        Files.writeString(file, "PK\u0003\u0004 this is a zip, not an npy file");
        assertThatThrownBy(() -> NpyFile.readHeader(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("bad magic");
    }

    @Test
    void rejectsUnsupportedDtypes() throws IOException {
        Path ints = dir.resolve("ints.npy");
        Files.write(ints, concat(NpyWriter.header("<i4", false, "(2, 2)"), new byte[16]));
        assertThatThrownBy(() -> NpyFile.open(ints))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(ints.toString())
                .hasMessageContaining("unsupported dtype '<i4'");

        Path bigEndian = dir.resolve("be.npy");
        Files.write(bigEndian, concat(NpyWriter.header(">f8", false, "(1, 1)"), new byte[8]));
        assertThatThrownBy(() -> NpyFile.readHeader(bigEndian)).hasMessageContaining("unsupported dtype '>f8'");
    }

    @Test
    void rejectsFortranOrder() throws IOException {
        Path file = dir.resolve("fortran.npy");
        Files.write(file, concat(NpyWriter.header("<f8", true, "(2, 2)"), new byte[32]));
        assertThatThrownBy(() -> NpyFile.readHeader(file))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("Fortran-order");
    }

    @Test
    void rejectsBadHeaders() throws IOException {
        Path noShape = dir.resolve("noshape.npy");
        byte[] header = NpyWriter.header("<f8", false, "(2, 2)");
        String text = new String(header, StandardCharsets.ISO_8859_1).replace("'shape'", "'shapx'");
        Files.write(noShape, text.getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> NpyFile.readHeader(noShape)).hasMessageContaining(noShape.toString())
                .hasMessageContaining("missing key 'shape'");

        Path garbage = dir.resolve("garbage.npy");
        Files.write(garbage, new String(header, StandardCharsets.ISO_8859_1).replace("{'descr'", "{{descr'")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> NpyFile.readHeader(garbage)).hasMessageContaining("bad NPY header");

        Path threeD = dir.resolve("3d.npy");
        Files.write(threeD, NpyWriter.header("<f8", false, "(2, 2, 2)"));
        assertThatThrownBy(() -> NpyFile.readHeader(threeD)).hasMessageContaining("unsupported shape (2, 2, 2)");

        Path shortHeader = dir.resolve("short.npy");
        Files.write(shortHeader, Arrays.copyOf(header, 40));
        assertThatThrownBy(() -> NpyFile.readHeader(shortHeader)).hasMessageContaining("truncated NPY header");

        Path version9 = dir.resolve("v9.npy");
        byte[] v9 = header.clone();
        v9[6] = 9;
        Files.write(version9, v9);
        assertThatThrownBy(() -> NpyFile.readHeader(version9)).hasMessageContaining("unsupported NPY format version 9.0");
    }

    @Test
    void truncatedDataFailsWhenTheMissingRowIsReached() throws IOException {
        Path file = dir.resolve("truncated.npy");
        NpyWriter.write(file, matrix(100, 25));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 300)); // row 98 is incomplete

        // the header alone is fine
        assertThat(NpyFile.readHeader(file).rows()).isEqualTo(100);
        try (NpyRowReader reader = NpyFile.open(file)) {
            double[] row = new double[25];
            for (int i = 0; i < 98; i++) {
                assertThat(reader.next(row)).isTrue();
            }
            assertThatThrownBy(() -> reader.next(row))
                    .isInstanceOf(DataFileException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("truncated data")
                    .hasMessageContaining("row 98");
        }
        assertThatThrownBy(() -> NpyFile.readAll(file)).hasMessageContaining("truncated data");
    }

    @Test
    void missingFileAndDirectoryAreNamed() {
        Path missing = dir.resolve("nope.npy");
        assertThatThrownBy(() -> NpyFile.open(missing))
                .isInstanceOf(DataFileException.class)
                .hasMessage(missing + ": file not found");
        assertThatThrownBy(() -> NpyFile.readHeader(dir)).hasMessageContaining("is a directory");
    }

    @Test
    void readsTheRealDataWhenPresent() {
        Optional<Path> data = DataDirectory.resolve();
        assumeThat(data).as("Telemanom data directory").isPresent();
        Path file = data.get().resolve("train/A-1.npy");
        assumeThat(file).exists();
        NpyHeader header = NpyFile.readHeader(file);
        assertThat(header.dtype()).isEqualTo(NpyDtype.FLOAT64);
        assertThat(header.columns()).isEqualTo(25);
        double[][] rows = NpyFile.readAll(file);
        assertThat(rows.length).isEqualTo((int) header.rows());
        assertThat(rows[0][0]).isBetween(-1.5, 1.5);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
