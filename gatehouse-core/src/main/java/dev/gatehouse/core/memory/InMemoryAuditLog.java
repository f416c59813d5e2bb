package dev.gatehouse.core.memory;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import java.util.ArrayList;
import java.util.List;

/** Reference implementation of {@link AuditLog}: a list guarded by one lock. For tests. */
public final class InMemoryAuditLog implements AuditLog {

    private final List<AuditEvent> events = new ArrayList<>();

    @Override
    public synchronized AuditEvent append(AuditEvent event) {
        AuditEvent stored = event.withSeq(events.size() + 1L);
        events.add(stored);
        return stored;
    }

    @Override
    public synchronized List<AuditEvent> list(long beforeSeq, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1 to 1000, got " + limit);
        }
        List<AuditEvent> out = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0 && out.size() < limit; i--) {
            if (events.get(i).seq() < beforeSeq) {
                out.add(events.get(i));
            }
        }
        return out;
    }
}
