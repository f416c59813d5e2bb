package dev.gatehouse.core.memory;

import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditQuery;
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
    public synchronized List<AuditEvent> search(AuditQuery query) {
        List<AuditEvent> out = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0 && out.size() < query.limit(); i--) {
            AuditEvent e = events.get(i);
            if (e.seq() < query.beforeSeq() && query.matches(e)) {
                out.add(e);
            }
        }
        return out;
    }
}
