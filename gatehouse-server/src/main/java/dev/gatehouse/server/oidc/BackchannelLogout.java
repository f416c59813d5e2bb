package dev.gatehouse.server.oidc;

import dev.gatehouse.core.oidc.LogoutSender;
import dev.gatehouse.core.oidc.SessionEndings;
import dev.gatehouse.core.revocation.RevocationNotices;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs back-channel logout on this node: follows the revocation log ({@link SessionEndings}) and
 * posts what is due ({@link LogoutSender}), one pass at a time on one thread.
 *
 * <p>A pass starts when the store notices an append to the revocation log (so a sign-out is
 * announced within moments) and every {@link #POLL} in any case: a notice may be lost, and a
 * failed post comes due again without one. Notices arriving during a pass make one more pass,
 * not one each.
 */
public final class BackchannelLogout implements AutoCloseable {

    static final Duration POLL = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(BackchannelLogout.class.getName());

    private final SessionEndings endings;
    private final LogoutSender sender;
    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("backchannel-logout").factory());
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final RevocationNotices.Subscription subscription;

    private BackchannelLogout(SessionEndings endings, LogoutSender sender, RevocationNotices notices) {
        this.endings = endings;
        this.sender = sender;
        this.subscription = notices.subscribe(seq -> wake());
    }

    /** Starts following and posting; close to stop. */
    public static BackchannelLogout start(SessionEndings endings, LogoutSender sender, RevocationNotices notices) {
        BackchannelLogout running = new BackchannelLogout(endings, sender, notices);
        running.worker.scheduleWithFixedDelay(running::wake, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
        return running;
    }

    /** Asks for a pass; one already asked for and not yet started covers this one too. */
    private void wake() {
        if (wanted.compareAndSet(false, true)) {
            try {
                worker.execute(this::pass);
            } catch (RejectedExecutionException closed) {
                wanted.set(false);
            }
        }
    }

    private void pass() {
        wanted.set(false);
        try {
            endings.follow();
            sender.sendDue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "back-channel logout pass failed: " + e.getClass().getName());
        }
    }

    @Override
    public void close() {
        subscription.close();
        worker.shutdownNow();
    }
}
