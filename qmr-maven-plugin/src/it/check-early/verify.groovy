// qmr:check in the map's execution, bound to validate: a wrong <queue> fails the build before anything compiles.
def log = new File(basedir, 'build.log').text
assert log.contains("<queue> 'sgee' is not a queue qmr knows; use one of auto, local, sge, slurm, dummy")
assert log.contains(':check (sweep)')
assert !log.contains('maven-compiler-plugin')
assert !new File(basedir, 'target/classes').exists()
true
