package io.keywarden.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Set;

/**
 * The armed faults, in arming order. Every matching {@code LATENCY} adds its delay; of the other
 * matching faults the first armed one strikes. A fault with {@code times} counts down each time it
 * applies and disappears at zero, so a test can say "the next CreateAccessKey fails once".
 */
final class SandboxFaults {

    /** What the faults of one phase did to a request: a delay, and the fault that strikes, if any. */
    record Struck(Duration latency, SandboxFault fault) {}

    private final List<SandboxFault> armed = new ArrayList<>();

    synchronized void arm(SandboxFault fault) {
        armed.add(fault);
    }

    synchronized void clear() {
        armed.clear();
    }

    synchronized List<SandboxFault> armed() {
        return List.copyOf(armed);
    }

    /** Applies the faults of the given types that match the Action, counting down those that apply. */
    synchronized Struck strike(String action, Set<SandboxFault.Type> types) {
        Duration latency = Duration.ZERO;
        SandboxFault struck = null;
        for (ListIterator<SandboxFault> faults = armed.listIterator(); faults.hasNext(); ) {
            SandboxFault fault = faults.next();
            if (!types.contains(fault.type()) || !fault.appliesTo(action)) {
                continue;
            }
            if (fault.type() == SandboxFault.Type.LATENCY) {
                latency = latency.plus(fault.delay());
            } else if (struck == null) {
                struck = fault;
            } else {
                continue;
            }
            countDown(faults, fault);
        }
        return new Struck(latency, struck);
    }

    private static void countDown(ListIterator<SandboxFault> faults, SandboxFault fault) {
        if (fault.times() == null) {
            return;
        }
        if (fault.times() == 1) {
            faults.remove();
        } else {
            faults.set(fault.withTimes(fault.times() - 1));
        }
    }
}
