package dev.diffink.scene;

public enum FillRule {
    NONZERO, EVEN_ODD
}
