"""The record every step passes along, the step base classes, errors, settings and versions."""
