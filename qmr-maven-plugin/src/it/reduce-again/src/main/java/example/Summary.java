package example;

public record Summary(long tasks, double meanFinalSize, double meanPeak) {}
