/**
 * The upstream IAM API's four access-key actions: signed, sent, retried where safe, rate
 * limited and behind a circuit breaker, each answered as a typed outcome.
 */
@ApplicationModule(allowedDependencies = {"platform"})
package io.keywarden.upstream;

import org.springframework.modulith.ApplicationModule;
