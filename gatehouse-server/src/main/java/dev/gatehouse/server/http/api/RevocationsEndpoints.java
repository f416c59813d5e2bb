package dev.gatehouse.server.http.api;

import dev.gatehouse.core.revocation.Revocation;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.token.Client;
import dev.gatehouse.server.http.Json;
import dev.gatehouse.server.http.Parameters;
import dev.gatehouse.server.http.RevocationFeed;
import dev.gatehouse.server.http.StreamSlots;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
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
 * <p>Both answer only registered confidential clients ({@link dev.gatehouse.server.http.ClientAuthentication}):
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
        try (StreamSlots.Slot slot = slots.acquire(client.id())) {
            follow(after, res);
        }
    }

    private void follow(long after, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.create("X-Accel-Buffering"), "no");
        try (OutputStream out = res.outputStream()) {
            write(out, "retry: 1000\n: following revocations after " + after + "\n\n");
            while (!feed.isClosed()) {
                List<Revocation> entries = feed.awaitAfter(after, HEARTBEAT);
                StringBuilder events = new StringBuilder();
                for (Revocation r : entries) {
                    events.append("id: ").append(r.seq()).append("\nevent: revocation\ndata: ")
                            .append(new String(Json.bytes(Entry.of(r)), StandardCharsets.UTF_8)).append("\n\n");
                    after = r.seq();
                }
                write(out, entries.isEmpty() ? ": keep-alive\n\n" : events.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException gone) {
            // the follower went away; nothing to answer
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
