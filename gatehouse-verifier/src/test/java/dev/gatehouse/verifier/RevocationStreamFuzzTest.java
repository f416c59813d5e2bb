package dev.gatehouse.verifier;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The revocation stream as the verifier reads it, on any bytes: the event-stream reader and the
 * follower's handling of each event either take what they are sent or give up on the stream with
 * an {@link IOException} (a line too long, an entry that is not one), after which the follower
 * reconnects. Any other exception is a finding: it would also end the stream, but as a bug. Seeds:
 * {@code src/test/resources/dev/gatehouse/verifier/RevocationStreamFuzzTestInputs/}.
 */
class RevocationStreamFuzzTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @FuzzTest(maxDuration = "6s")
    void any_stream_is_followed_or_left_with_an_io_exception(byte[] stream) {
        // no HTTP client: the events come from the input, not from a connection
        RevocationFollower follower = new RevocationFollower(null, URI.create("http://gatehouse.test/v1/revocations"), Duration.ofSeconds(1), new RevocationSet(), CLOCK, null);
        try {
            new ServerSentEvents(new ByteArrayInputStream(stream)).readAll(new ServerSentEvents.Listener() {
                @Override
                public void event(String id, String type, String data) throws IOException {
                    follower.onEvent(id, type, data);
                }

                @Override
                public void alive() {
                }
            });
        } catch (IOException refused) {
            // the documented way to give up on a stream
        }
    }
}
