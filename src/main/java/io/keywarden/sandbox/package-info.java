/**
 * A simulator of the upstream IAM API, in-process (the {@code local} profile, tests) or
 * standalone (scripts, benchmark), with faults on demand. Off unless enabled. It depends on
 * nothing of keywarden's client: it stands for the other side of the wire.
 */
@ApplicationModule(allowedDependencies = {"platform"})
package io.keywarden.sandbox;

import org.springframework.modulith.ApplicationModule;
