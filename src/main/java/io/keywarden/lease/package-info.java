/**
 * Leases: keys that expire by themselves. The ttl rules of create and rotate, renewal up to a
 * maximum measured from creation, and the {@code lease-expiry} job that revokes a key whose lease
 * has ended. Keywarden keeps the lease itself; the upstream need not support expiry.
 */
@ApplicationModule(allowedDependencies = {"platform", "identity", "audit", "jobs", "events", "accesskey", "upstream"})
package io.keywarden.lease;

import org.springframework.modulith.ApplicationModule;
