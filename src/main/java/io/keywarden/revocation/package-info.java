/**
 * Bulk revocation for incident response: one operator call revokes every key of keywarden's own
 * that a filter selects, as an asynchronous, resumable operation any instance may carry on.
 */
@ApplicationModule(allowedDependencies = {"platform", "identity", "audit", "jobs", "accesskey", "upstream"})
package io.keywarden.revocation;

import org.springframework.modulith.ApplicationModule;
