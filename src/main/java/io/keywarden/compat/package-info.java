/**
 * {@code /v1/compat}: the create in the upstream's own request and answer shape, its
 * refusals as RetCodes.
 */
@ApplicationModule(allowedDependencies = {"platform", "identity", "audit", "accesskey", "issuance", "upstream"})
package io.keywarden.compat;

import org.springframework.modulith.ApplicationModule;
