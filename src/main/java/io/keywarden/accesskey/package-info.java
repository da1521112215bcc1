/**
 * A key's record and lifecycle: the {@code AccessKey} aggregate says which states a key can be
 * in and which moves are allowed; {@code KeyLifecycle} makes the moves, {@code AccessKeyQueries}
 * reads keys in the caller's scope.
 */
@ApplicationModule(allowedDependencies = {"platform", "identity", "audit", "events", "upstream"})
package io.keywarden.accesskey;

import org.springframework.modulith.ApplicationModule;
