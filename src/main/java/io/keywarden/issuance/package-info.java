/**
 * Creating a key without ever losing one: the create protocol (claim, upstream, record),
 * idempotency and replays, group commit, and the reconciliation of attempts whose outcome is
 * unknown; secrets sealed to their client, whose seal key an operator sets at {@code
 * /admin/v1/clients} (kept by {@code identity}, audited here).
 */
@ApplicationModule(
        allowedDependencies = {"platform", "identity", "audit", "jobs", "events", "accesskey", "lease", "upstream"})
package io.keywarden.issuance;

import org.springframework.modulith.ApplicationModule;
