// Runs only where a real SGE answers (scripts/sge.sh up); see ../real-queue.groovy.
queue = 'sge'
return evaluate(new File(itSources, 'real-queue.groovy'))
