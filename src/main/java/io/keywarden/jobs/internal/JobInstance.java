package io.keywarden.jobs.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * The name this instance gives itself in the job history ({@code job_run.instance}) and on the job
 * locks it holds ({@code shedlock.locked_by}), so a refused run by hand can name the instance that
 * runs the job: the host, and a random suffix that tells two instances on one host apart.
 */
record JobInstance(String name) {

    static JobInstance ofThisHost() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException ex) {
            host = "unknown-host";
        }
        return new JobInstance(host + "/" + UUID.randomUUID().toString().substring(0, 8));
    }
}
