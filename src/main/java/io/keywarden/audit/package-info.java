/**
 * The tamper-evident audit log: append inside the change's transaction, search in scope,
 * verification, signed checkpoints outside the database, export and the offline verifier; and
 * the one mechanism that audits every refusal on an audited route. It depends on no feature
 * module.
 */
@ApplicationModule(allowedDependencies = {"platform", "identity", "events", "jobs"})
package io.keywarden.audit;

import org.springframework.modulith.ApplicationModule;
