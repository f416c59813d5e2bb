package dev.gatehouse.server.feed;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.client.Client;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.http.Parameters;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The revocation log for verifiers: {@code GET /v1/revocations?after=SEQ} (a page of entries and
 * the cursor to continue from) and {@code GET /v1/revocations/stream} (server-sent events, one
 * event per entry with the sequence number as its id, resumable with {@code Last-Event-ID}).
 *
 * <p>Streams are limited per client and per node ({@link StreamSlots}).
 *
 * <p>Both answer only registered confidential clients ({@link dev.gatehouse.server.auth.ClientAuthentication}):
 * the entries name accounts, sessions and token ids, and when each was signed out.
 *
 * <p>Entries that have been forgotten could not match any still-valid token, so a follower that
 * resumes after a long gap misses nothing that matters.
 */
public final class RevocationsEndpoints {

    /** One entry as verifiers see it. */
    public record Entry(long seq, String kind, String id, Instant revokedAt, Instant forgetAfter) {
        static Entry of(Revocation r) {
            return new Entry(r.seq(), r.kind().wireName(), r.id(), r.revokedAt(), r.forgetAfter());
        }
    }

    /** A page: the entries, and the cursor to pass as {@code after} next. */
    public record Page(List<Entry> entries, long next) {
    }

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final SseEvent KEEP_ALIVE = SseEvent.builder().comment(" keep-alive").build();

    private final Revocations revocations;
    private final RevocationFeed feed;
    private final StreamSlots slots;

    public RevocationsEndpoints(Revocations revocations, RevocationFeed feed, StreamSlots slots) {
        this.revocations = revocations;
        this.feed = feed;
        this.slots = slots;
    }

    public void page(Client client, ServerRequest req, ServerResponse res) {
        long after = Parameters.number(req.query().first("after").asOptional(), "after", 0, 0, Long.MAX_VALUE);
        int limit = (int) Parameters.number(req.query().first("limit").asOptional(), "limit", 1000, 1, 1000);
        List<Entry> entries = revocations.after(after, limit).stream().map(Entry::of).toList();
        Json.send(res, Status.OK_200, new Page(entries, entries.isEmpty() ? after : entries.getLast().seq()));
    }

    public void stream(Client client, ServerRequest req, ServerResponse res) {
        Optional<String> lastEventId = req.headers().first(HeaderNames.create("Last-Event-ID"));
        Optional<String> afterParameter = req.query().first("after").asOptional();
        // With neither, a follower starts from now: the newest entry this node has read.
        long after = lastEventId.isPresent() ? Parameters.number(lastEventId, "Last-Event-ID", 0, 0, Long.MAX_VALUE)
                : afterParameter.isPresent() ? Parameters.number(afterParameter, "after", 0, 0, Long.MAX_VALUE)
                : feed.lastSeq();
        if (!req.headers().isAccepted(MediaTypes.TEXT_EVENT_STREAM)) {
            throw new InvalidInputException(ErrorCode.NOT_ACCEPTABLE, "this endpoint answers text/event-stream only");
        }
        try (StreamSlots.Slot slot = slots.acquire(client.id())) {
            follow(after, res);
        }
    }

    /**
     * Streams the entries after {@code after} until the feed closes or the follower goes away.
     * Helidon's SSE sink writes the events; two things it does not do are added around it: it
     * writes no {@code retry} field (so {@link RetryField} puts one before the first event), and it
     * sets {@code Cache-Control: no-cache} (replaced by {@code no-store} just before the headers go,
     * as the entries name accounts and sessions).
     *
     * <p>The sink writes each field as {@code name:value}; every value here starts with a space so
     * the stream reads {@code id: 7}, {@code event: revocation}, as it always has (a reader drops
     * that one space).
     */
    private void follow(long after, ServerResponse res) {
        res.header(HeaderNames.create("X-Accel-Buffering"), "no");
        res.beforeSend(() -> res.headers().set(HeaderNames.CACHE_CONTROL, "no-store"));
        res.streamFilter(RetryField::new);
        try (SseSink sink = res.sink(SseSink.TYPE)) {
            sink.emit(SseEvent.builder().comment(" following revocations after " + after).build());
            while (!feed.isClosed()) {
                List<Revocation> entries = feed.awaitAfter(after, HEARTBEAT);
                if (entries.isEmpty()) {
                    sink.emit(KEEP_ALIVE);
                }
                for (Revocation r : entries) {
                    sink.emit(SseEvent.builder().id(" " + r.seq()).name(" revocation")
                            .data(data(Entry.of(r))).build());
                    after = r.seq();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (UncheckedIOException gone) {
            // the follower went away; nothing to answer
        }
    }

    /** The JSON of an entry after one space: the value of its {@code data} field. */
    private static byte[] data(Entry entry) {
        byte[] json = Json.bytes(entry);
        byte[] value = new byte[json.length + 1];
        value[0] = ' ';
        System.arraycopy(json, 0, value, 1, json.length);
        return value;
    }

    /**
     * Writes {@code retry: 1000} before the first event, so a follower that loses the stream
     * reconnects after a second: the one SSE field Helidon's sink cannot write.
     */
    private static final class RetryField extends FilterOutputStream {

        private static final byte[] FIELD = "retry: 1000\n".getBytes(StandardCharsets.US_ASCII);

        private boolean written;

        RetryField(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            retryFirst();
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            retryFirst();
            out.write(b, off, len);
        }

        private void retryFirst() throws IOException {
            if (!written) {
                written = true;
                out.write(FIELD);
            }
        }
    }
}
