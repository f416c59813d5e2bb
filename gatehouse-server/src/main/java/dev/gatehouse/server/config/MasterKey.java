package dev.gatehouse.server.config;

import dev.gatehouse.core.crypto.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

/**
 * The one secret from which Gatehouse derives its other keys (form tokens now, key encryption
 * later). Taken from {@code GATEHOUSE_MASTER_KEY} (32 bytes, base64) when set; otherwise read
 * from {@code master.key} in the data folder, which is created with owner-only permissions on
 * first use. Several nodes must share the same master key.
 */
public final class MasterKey {

    public static final String ENVIRONMENT_VARIABLE = "GATEHOUSE_MASTER_KEY";
    static final String FILE_NAME = "master.key";
    private static final int BYTES = 32;

    private final byte[] key;

    private MasterKey(byte[] key) {
        this.key = key;
    }

    /** Loads the master key from the environment or the data folder, creating the file if needed. */
    public static MasterKey load(Map<String, String> env, Path dataDirectory) {
        String fromEnv = env.get(ENVIRONMENT_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new MasterKey(decode(fromEnv.strip(), ENVIRONMENT_VARIABLE));
        }
        Path file = dataDirectory.resolve(FILE_NAME);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return new MasterKey(decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key file " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        String encoded = Base64.getEncoder().encodeToString(Secrets.randomBytes(BYTES)) + "\n";
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, encoded, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException raced) {
            // another process created it first; use theirs
        }
    }

    private static byte[] decode(String value, String source) {
        try {
            byte[] bytes = Base64.getDecoder().decode(value);
            if (bytes.length == BYTES) {
                return bytes;
            }
        } catch (IllegalArgumentException e) {
            // reported below, without echoing the value
        }
        throw new InvalidSettingException("the master key from " + source + " must be " + BYTES
                + " random bytes in base64 (for example: openssl rand -base64 32)");
    }

    /** A key for one purpose: HMAC-SHA256(master, purpose). */
    public byte[] derive(String purpose) {
        return Secrets.hmacSha256(key, purpose);
    }

    @Override
    public String toString() {
        return "MasterKey[redacted]";
    }
}
