/**
 * Rotating keys: the rotate endpoint (a successor made by the create protocol), retirement of
 * the old key after its grace period, and the age watch.
 */
@ApplicationModule(
        allowedDependencies = {"platform", "identity", "audit", "jobs", "accesskey", "issuance", "lease", "upstream"})
package io.keywarden.rotation;

import org.springframework.modulith.ApplicationModule;
