// Runs only where a real Slurm answers (scripts/slurm.sh up); see ../real-queue.groovy.
queue = 'slurm'
return evaluate(new File(itSources, 'real-queue.groovy'))
