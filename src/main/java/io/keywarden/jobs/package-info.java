/**
 * Running jobs on a schedule or by hand, one instance at a time, with a history.
 */
@ApplicationModule(allowedDependencies = {"platform"})
package io.keywarden.jobs;

import org.springframework.modulith.ApplicationModule;
