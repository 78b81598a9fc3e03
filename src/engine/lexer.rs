//! Lexer (in progress).
