// qmr:check refuses what qmr:map would refuse before submitting, each before anything compiles (invoker.properties).
def log = new File(basedir, 'build.log').text
assert log.contains('<function> example.Powr is neither compiled (')
assert log.contains('; check the class name, package included')
assert log.contains("qsub at /nonexistent/bin/qsub does not exist or is not executable")
assert log.contains('Slurm takes the resources mem, time, cpus-per-task and account; [h_vmem] is not among them')
assert log =~ /tasks\.csv.*line 3/ : 'the short row is named by its line'
assert log.contains("qmr:check: the configuration of 'default-cli' is valid (function example.Power, queue local)")
assert !new File(basedir, 'target/classes').exists()
true
