package com.example.books;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Repository;

/** The quick start's system of record: a map here, that counts its loads for the tests. */
@Repository
public class BookRepository {
  private final Map<String, Book> books = new ConcurrentHashMap<>();
  private final AtomicInteger loads = new AtomicInteger();

  public Book load(String isbn) {
    loads.incrementAndGet();
    return books.getOrDefault(isbn, new Book(isbn, "untitled"));
  }

  public Book store(Book book) {
    books.put(book.isbn(), book);
    return book;
  }

  public void delete(String isbn) {
    books.remove(isbn);
  }

  public int loads() {
    return loads.get();
  }
}
