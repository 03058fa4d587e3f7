package org.example.epidemic;

/** What one run of the model gives. */
public record Outcome(int peakInfected, int dayOfPeak, int finalSize) {}
