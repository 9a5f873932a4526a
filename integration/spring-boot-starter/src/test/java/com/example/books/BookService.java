package com.example.books;

// tag::service[]
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

@Service
public class BookService {
  private final BookRepository repository;

  public BookService(BookRepository repository) {
    this.repository = repository;
  }

  @Cacheable("books") // near hit after the first call, in every instance
  public Book find(String isbn) {
    return repository.load(isbn);
  }

  @CachePut(cacheNames = "books", key = "#book.isbn()") // other instances see the new value
  public Book save(Book book) {
    return repository.store(book);
  }

  @CacheEvict("books") // and the removal
  public void remove(String isbn) {
    repository.delete(isbn);
  }
}
// end::service[]
