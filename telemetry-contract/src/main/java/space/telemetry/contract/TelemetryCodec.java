package space.telemetry.contract;

import java.time.Instant;

/** Compact binary wire format of {@code telemetry.raw} records; its reader also takes the JSON form. */
public final class TelemetryCodec {
    /*
     * Version 1, all integers big-endian:
     *
     *   byte     0xC1            magic and version; never the first byte of a JSON document (in UTF-8, 16 or 32)
     *   byte n, n bytes          spacecraft, ASCII (names are letters, digits and . _ : / - only)
     *   byte n, n bytes          channel, ASCII
     *   byte                     split: 0 train, 1 test
     *   varint                   index (unsigned LEB128, shortest form)
     *   varint                   event time: epoch second, zigzag LEB128, shortest form
     *   varint                   event time: nanosecond of the second (0..999,999,999), LEB128, shortest form
     *   8 bytes                  value, IEEE 754 bits (exact: -0.0, subnormals)
     *   byte                     command count n
     *   byte                     command encoding: 0 = bitmask, 1 = doubles
     *   ceil(n/8) bytes          bitmask: bit i (byte i/8, bit i%8 from the least significant) set = command i is 1.0,
     *                            clear = 0.0; bits past n must be clear
     *   or n x 8 bytes           doubles: IEEE 754 bits of each command
     *
     * The writer uses the bitmask when every command is exactly +0.0 or 1.0 (Telemanom's one-hot features), the doubles
     * otherwise. Nothing may follow the last field. The reader then applies TelemetryJson.checkPoint and the key
     * check, so a binary record is held to exactly the bounds of a JSON one.
     */

    /** First byte of a version 1 binary record. */
    public static final byte MAGIC_V1 = (byte) 0xC1;
    private static final int BITMASK = 0;
    private static final int DOUBLES = 1;
    private static final long ONE = Double.doubleToRawLongBits(1.0);
    private static final long MIN_SECOND = Instant.MIN.getEpochSecond();
    private static final long MAX_SECOND = Instant.MAX.getEpochSecond();

    private TelemetryCodec() {
    }

    /**
     * The binary form of a point. Writes whatever fits the format (the reader checks the bounds).
     *
     * @throws IllegalArgumentException for a point the format cannot carry: a missing field, a name that is not
     *                                  ASCII or longer than 255, more than 255 commands
     */
    public static byte[] write(TelemetryPoint point) {
        String spacecraft = encodable("spacecraft", point.spacecraft());
        String channel = encodable("channel", point.channel());
        if (point.split() == null || point.eventTime() == null || point.commands() == null) {
            throw new IllegalArgumentException("split, eventTime and commands must be set");
        }
        if (point.index() < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + point.index());
        }
        double[] commands = point.commands();
        if (commands.length > 255) {
            throw new IllegalArgumentException("at most 255 commands fit, got " + commands.length);
        }
        boolean oneHot = true;
        for (double command : commands) {
            long bits = Double.doubleToRawLongBits(command);
            if (bits != 0 && bits != ONE) {
                oneHot = false;
                break;
            }
        }
        long second = point.eventTime().getEpochSecond();
        long zigzag = (second << 1) ^ (second >> 63);
        int nanos = point.eventTime().getNano();
        int size = 1 + 1 + spacecraft.length() + 1 + channel.length() + 1 + varintSize(point.index())
                + varintSize(zigzag) + varintSize(nanos) + 8 + 2
                + (oneHot ? (commands.length + 7) / 8 : commands.length * 8);
        byte[] out = new byte[size];
        int at = 0;
        out[at++] = MAGIC_V1;
        at = putName(out, at, spacecraft);
        at = putName(out, at, channel);
        out[at++] = (byte) point.split().ordinal();
        at = putVarint(out, at, point.index());
        at = putVarint(out, at, zigzag);
        at = putVarint(out, at, nanos);
        at = putLong(out, at, Double.doubleToRawLongBits(point.value()));
        out[at++] = (byte) commands.length;
        out[at++] = (byte) (oneHot ? BITMASK : DOUBLES);
        if (oneHot) {
            for (int i = 0; i < commands.length; i++) {
                if (commands[i] != 0) {
                    out[at + i / 8] |= (byte) (1 << (i % 8));
                }
            }
            at += (commands.length + 7) / 8;
        } else {
            for (double command : commands) {
                at = putLong(out, at, Double.doubleToRawLongBits(command));
            }
        }
        assert at == size;
        return out;
    }

    /**
     * Decodes and validates a {@code telemetry.raw} record in either wire format: binary when its first byte is a
     * binary magic byte (0xC0-0xCF), JSON otherwise.
     *
     * @throws InvalidRecordException saying what is wrong
     */
    public static TelemetryPoint readPoint(String key, byte[] value) {
        if (value != null && value.length > 0 && isBinary(value[0])) {
            return readBinaryPoint(key, value);
        }
        return TelemetryJson.readPoint(key, value);
    }

    /** Whether a record value is in the binary form (of any version), judged by its first byte. */
    public static boolean isBinary(byte first) {
        return (first & 0xF0) == 0xC0;
    }

    /** Decodes and validates a binary {@code telemetry.raw} record (any other version or form is rejected). */
    public static TelemetryPoint readBinaryPoint(String key, byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidRecordException("value is empty");
        }
        if (value.length > Limits.MAX_RECORD_BYTES) {
            throw new InvalidRecordException("value is " + value.length + " bytes long, at most "
                    + Limits.MAX_RECORD_BYTES + " allowed");
        }
        if (value[0] != MAGIC_V1) {
            throw new InvalidRecordException(String.format("not a valid binary TelemetryPoint: version byte 0x%02X is "
                    + "unknown (this reader knows 0x%02X)", value[0] & 0xFF, MAGIC_V1 & 0xFF));
        }
        Reader in = new Reader(value);
        String spacecraft = in.name("spacecraft");
        String channel = in.name("channel");
        int splitByte = in.unsignedByte("split");
        if (splitByte >= Split.values().length) {
            throw in.invalid("split byte " + splitByte + " is neither 0 (train) nor 1 (test)");
        }
        Split split = Split.values()[splitByte];
        long index = in.varint("index");
        long zigzag = in.varint("eventTime seconds");
        long second = (zigzag >>> 1) ^ -(zigzag & 1);
        long nanos = in.varint("eventTime nanoseconds");
        if (nanos > 999_999_999) {
            throw in.invalid("eventTime nanoseconds " + nanos + " is not below 1,000,000,000");
        }
        if (second < MIN_SECOND || second > MAX_SECOND) {
            throw new InvalidRecordException("eventTime must be between " + Limits.MIN_TIME + " and "
                    + Limits.MAX_TIME + ", got epoch second " + second);
        }
        Instant eventTime = Instant.ofEpochSecond(second, nanos);
        double pointValue = Double.longBitsToDouble(in.fixed64("value"));
        int count = in.unsignedByte("command count");
        if (count > Limits.MAX_COMMANDS) {
            throw new InvalidRecordException("commands has " + count + " features, at most " + Limits.MAX_COMMANDS
                    + " allowed");
        }
        int encoding = in.unsignedByte("command encoding");
        double[] commands = new double[count];
        if (encoding == BITMASK) {
            in.require((count + 7) / 8, "commands bitmask");
            for (int i = 0; i < count; i++) {
                commands[i] = (value[in.at + i / 8] >>> (i % 8) & 1) == 0 ? 0.0 : 1.0;
            }
            if (count % 8 != 0 && (value[in.at + count / 8] & 0xFF) >>> (count % 8) != 0) {
                throw in.invalid("commands bitmask has bits set past its " + count + " features");
            }
            in.at += (count + 7) / 8;
        } else if (encoding == DOUBLES) {
            for (int i = 0; i < count; i++) {
                commands[i] = Double.longBitsToDouble(in.fixed64("commands[" + i + "]"));
            }
        } else {
            throw in.invalid("command encoding " + encoding + " is neither 0 (bitmask) nor 1 (doubles)");
        }
        if (in.at != value.length) {
            throw in.invalid((value.length - in.at) + " bytes follow the last field");
        }
        TelemetryPoint point = new TelemetryPoint(spacecraft, channel, split, index, eventTime, pointValue, commands);
        TelemetryJson.checkPoint(point);
        TelemetryJson.checkKey(point, key);
        return point;
    }

    private static String encodable(String field, String name) {
        if (name == null || name.length() > 255) {
            throw new IllegalArgumentException(field + " must be set and at most 255 characters long");
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) > 0x7F) {
                throw new IllegalArgumentException(field + " must be ASCII");
            }
        }
        return name;
    }

    private static int putName(byte[] out, int at, String name) {
        out[at++] = (byte) name.length();
        for (int i = 0; i < name.length(); i++) {
            out[at++] = (byte) name.charAt(i);
        }
        return at;
    }

    private static int varintSize(long value) {
        int size = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    private static int putVarint(byte[] out, int at, long value) {
        while ((value & ~0x7FL) != 0) {
            out[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[at++] = (byte) value;
        return at;
    }

    private static int putLong(byte[] out, int at, long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out[at++] = (byte) (value >>> shift);
        }
        return at;
    }

    /** A cursor over an untrusted value that names the field it could not read. */
    private static final class Reader {
        private final byte[] bytes;
        private int at = 1;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        InvalidRecordException invalid(String problem) {
            return new InvalidRecordException("not a valid binary TelemetryPoint: " + problem);
        }

        void require(int count, String field) {
            if (bytes.length - at < count) {
                throw invalid("truncated in " + field + " (needs " + count + " bytes at offset " + at + ", "
                        + (bytes.length - at) + " left)");
            }
        }

        int unsignedByte(String field) {
            require(1, field);
            return bytes[at++] & 0xFF;
        }

        String name(String field) {
            int length = unsignedByte(field + " length");
            require(length, field);
            String name = new String(bytes, at, length, java.nio.charset.StandardCharsets.ISO_8859_1);
            at += length;
            return name; // checkPoint applies the name rules (and so refuses any byte above 0x7F)
        }

        long fixed64(String field) {
            require(8, field);
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = value << 8 | (bytes[at++] & 0xFF);
            }
            return value;
        }

        /** Unsigned LEB128 of at most 64 bits, in its shortest form. */
        long varint(String field) {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                int b = unsignedByte(field);
                if (shift == 63 && b > 1) {
                    throw invalid(field + " varint overflows 64 bits");
                }
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    if (b == 0 && shift > 0) {
                        throw invalid(field + " varint is not in its shortest form");
                    }
                    return value;
                }
            }
        }
    }
}
