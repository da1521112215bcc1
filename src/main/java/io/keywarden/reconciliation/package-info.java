/**
 * Keeping the records true to the upstream: keys gone or changed by hand there, and keys made
 * outside keywarden, reported and never touched.
 */
@ApplicationModule(allowedDependencies = {"platform", "audit", "jobs", "accesskey", "issuance", "upstream"})
package io.keywarden.reconciliation;

import org.springframework.modulith.ApplicationModule;
