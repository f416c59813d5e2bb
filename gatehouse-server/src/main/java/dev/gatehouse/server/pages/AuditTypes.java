package dev.gatehouse.server.pages;

import dev.gatehouse.core.audit.AuditType;
import java.util.Locale;

/** Audit event types as the pages name them ("signed in", "password changed"). */
public final class AuditTypes {

    private AuditTypes() {
    }

    /** The type's text, or its name in words for a type the bundle does not know yet. */
    public static String label(AuditType type, Texts t) {
        String key = "audit.type." + type.name();
        return t.has(key) ? t.get(key) : type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
