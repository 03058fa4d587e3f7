package io.github.qmr.runtime.session;

import io.github.qmr.runtime.queue.Request;
import io.github.qmr.runtime.queue.ResourceKill;
import io.github.qmr.runtime.session.Verdicts.Action;
import io.github.qmr.runtime.session.Verdicts.Facts;
import io.github.qmr.runtime.session.Verdicts.Limits;
import io.github.qmr.runtime.session.Verdicts.Resources;
import io.github.qmr.runtime.session.Verdicts.Verdict;
import io.github.qmr.runtime.workdir.OutOfMemory;
import java.time.Duration;

/**
 * {@link Verdicts}' rule for a job killed for memory or time (by the queue, or the worker's own OutOfMemoryError):
 * never run again unchanged; the chunk fails at once with what was used and requested and how to fix it, or, with
 * escalation on for that resource, runs again asking for the last request times the factor, up to the
 * cap, within its resubmissions (in pull mode as a job of its own). Pure, as the rest of the verdicts.
 */
final class ResourceVerdicts {
    private ResourceVerdicts() {}

    /** The queue's word on a kill, else the worker's own OutOfMemoryError note, else null. */
    static ResourceKill killOf(Facts f, Resources r) {
        if (r.kill() != null) {
            return r.kill();
        }
        if (OutOfMemory.isNote(f.exitNote())) {
            String used = OutOfMemory.usedIn(f.exitNote());
            return new ResourceKill(ResourceKill.Kind.MEMORY, used == null ? null : "the worker JVM's " + used,
                    r.requestText().apply(ResourceKill.Kind.MEMORY, r.attempt()));
        }
        return null;
    }

    static Verdict killed(ResourceKill queueKill, Facts f, Limits l, Resources r) {
        boolean memory = queueKill.kind() == ResourceKill.Kind.MEMORY;
        // an escalated attempt asked for more than the site options the queue reads its request from
        boolean escalated = memory ? r.attempt().memoryBytes() != null : r.attempt().walltime() != null;
        ResourceKill kill = escalated ? new ResourceKill(queueKill.kind(), queueKill.used(), r.requestText()
                .apply(queueKill.kind(), r.attempt())) : queueKill;
        String setting = memory ? r.memorySetting() : r.timeSetting();
        String what = f.job() + " was killed for " + kill.kind().word + (kill.used() == null ? "" : ": used "
                + kill.used()) + (kill.requested() == null ? (kill.used() == null ? ": " : "; ") + "no "
                + kill.kind().word + " was requested, the site's default applied"
                : (kill.used() == null ? ": " : " of the ") + kill.requested() + " requested");
        double factor = memory ? r.escalate().memoryFactor() : r.escalate().timeFactor();
        String raise = "; running it again unchanged would meet the same limit: raise " + setting;
        if (factor <= 1) {
            String escalate = memory ? "escalateMemory" : "escalateTime";
            return new Verdict(Action.FAIL, false, what + raise + ", or let qmr escalate it (<" + escalate
                    + "> or -Dqmr." + escalate + ", Pool.builder().escalate)" + seeNote(f));
        }
        // pull mode alike: the monitor gives the escalated attempt a job of its own (see PullMonitor#escalate)
        Request attempt = r.attempt();
        Request site = r.site();
        if (memory) {
            Long last = attempt.memoryBytes() != null ? attempt.memoryBytes() : site.memoryBytes();
            if (last == null) {
                return new Verdict(Action.FAIL, false, what + "; qmr cannot escalate a memory request that was not"
                        + " set: set " + setting + seeNote(f));
            }
            Long cap = r.escalate().memoryCap();
            if (cap != null && last >= cap) {
                return new Verdict(Action.FAIL, false, what + "; that is the cap (escalateMemoryCap " + cap
                        + " bytes): raise the cap, or make the tasks need less" + seeNote(f));
            }
            long next = (long) Math.ceil(last * factor);
            next = cap == null ? next : Math.min(next, cap);
            return escalated(what, new Request(next, attempt.walltime()), ResourceKill.Kind.MEMORY, l, r);
        }
        // what the queue granted, not the text asked (Slurm's whole minutes): 30 s doubled must not be 1 minute again
        Duration last = r.grantedWalltime().apply(attempt.walltime() != null ? attempt.walltime() : site.walltime());
        if (last == null) {
            return new Verdict(Action.FAIL, false, what + "; qmr cannot escalate a walltime that was not set: set "
                    + setting + seeNote(f));
        }
        Duration cap = r.escalate().timeCap();
        if (cap != null && last.compareTo(cap) >= 0) {
            return new Verdict(Action.FAIL, false, what + "; that is the cap (escalateTimeCap " + cap.toSeconds()
                    + " s): raise the cap, or split the work into shorter chunks" + seeNote(f));
        }
        Duration next = r.grantedWalltime().apply(Duration.ofSeconds((long) Math.ceil(last.toSeconds() * factor)));
        next = cap == null || next.compareTo(cap) <= 0 ? next : cap;
        return escalated(what, new Request(attempt.memoryBytes(), next), ResourceKill.Kind.TIME, l, r);
    }

    private static Verdict escalated(String what, Request next, ResourceKill.Kind kind, Limits l, Resources r) {
        String asks = what + "; the next attempt asks for " + r.requestText().apply(kind, next);
        if (l.resubmissions() < l.maxResubmissions()) {
            return new Verdict(Action.RESUBMIT, false, asks, next);
        }
        return new Verdict(Action.FAIL, false, what + "; no resubmission left to escalate (" + l.resubmissions()
                + " done; raise maxResubmissions to allow more)");
    }

    private static String seeNote(Facts f) {
        return "; see " + f.stderr();
    }
}
