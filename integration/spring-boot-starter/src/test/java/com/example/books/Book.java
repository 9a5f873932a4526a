package com.example.books;

// tag::book[]
public record Book(String isbn, String title) {}
// end::book[]
