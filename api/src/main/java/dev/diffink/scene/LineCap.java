package dev.diffink.scene;

public enum LineCap {
    BUTT, ROUND, SQUARE
}
