/**
 * Keeping the records true to the upstream: keys gone or changed by hand there, keys made outside
 * keywarden, reported and never touched, and keys whose records a loss of the database's commits
 * dropped, adopted again.
 */
@ApplicationModule(allowedDependencies = {"platform", "audit", "jobs", "accesskey", "issuance", "lease", "upstream"})
package io.keywarden.reconciliation;

import org.springframework.modulith.ApplicationModule;
