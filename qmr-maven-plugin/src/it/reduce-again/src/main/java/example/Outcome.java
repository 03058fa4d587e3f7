package example;

public record Outcome(int peakInfected, double dayOfPeak, int finalSize) {}
