package io.github.qmr.runtime.queue.slurm;

/** What to do about a failed Slurm command, from its output (22.05's messages); pure. */
final class SlurmHints {
    private SlurmHints() {}

    static String hint(String output) {
        if (output.contains("Unable to contact slurm controller") || output.contains("Socket timed out")
                || output.contains("Connection refused") || output.contains("Zero Bytes were transmitted")) {
            return "slurmctld did not answer; check that it runs (scontrol ping) and that SLURM_CONF names this"
                    + " cluster's slurm.conf";
        }
        if (output.contains("Munge") || output.contains("munge") || output.contains("authentication")) {
            return "Slurm could not authenticate this process; check that munged runs here (munge -n | unmunge)"
                    + " and has the cluster's key";
        }
        if (output.contains("Invalid partition name")) {
            return "the partition does not exist; list them with sinfo -s and set another in qmr's Slurm settings"
                    + " (partition), or none for the default";
        }
        if (output.contains("Invalid account")) {
            return "the account is not one this user may charge; list them with sacctmgr show assoc user=$USER";
        }
        if (output.contains("Invalid job array specification")) {
            return "the array is larger than the cluster allows; lower maxArraySize in qmr's Slurm settings below"
                    + " the cluster's MaxArraySize (scontrol show config | grep MaxArraySize)";
        }
        if (output.contains("Requested node configuration is not available")
                || output.contains("Memory specification can not be satisfied")
                || output.contains("More processors requested than permitted")) {
            return "no node of the partition has that many CPUs or that much memory; compare the request with"
                    + " sinfo -o '%P %c %m' and lower cpusPerTask or mem";
        }
        if (output.contains("Invalid --time specification") || output.contains("Requested time limit")) {
            return "the time limit is malformed or above the partition's MaxTime; write it as minutes, H:MM:SS or"
                    + " D-HH:MM:SS (sinfo -o '%P %l' shows the limits)";
        }
        if (output.contains("does not look like a batch script")) {
            return "sbatch runs only scripts whose first line is #! and an interpreter, e.g. #!/bin/sh";
        }
        if (output.contains("QOSMax") || output.contains("AssocMax") || output.contains("job submit limit")
                || output.contains("Job violates accounting/QOS policy")) {
            return "a limit of the account or QOS refuses more jobs; use job arrays, fewer chunks, or ask the"
                    + " admins (sacctmgr show qos)";
        }
        return "";
    }
}
