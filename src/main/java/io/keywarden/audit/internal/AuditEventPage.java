package io.keywarden.audit.internal;

import java.util.List;

/** One page of audit events, newest first, and the cursor of the next page ({@code null} on the last). */
record AuditEventPage(List<StoredAuditEvent> items, String nextCursor) {}
