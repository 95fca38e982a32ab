package dev.logline.examples.shop;

import java.util.List;

/** The shop's products. */
final class Catalog {
  static final class Product {
    final String id;
    final String name;
    final double price;

    Product(String id, String name, double price) {
      this.id = id;
      this.name = name;
      this.price = price;
    }
  }

  static final List<Product> PRODUCTS = List.of(
      new Product("p-1", "Wooden train", 24.90),
      new Product("p-2", "Kite", 12.50),
      new Product("p-3", "Puzzle (1000 pieces)", 17.00),
      new Product("p-4", "Spinning top", 4.99));

  private Catalog() {}

  static Product find(String id) {
    for (Product p : PRODUCTS) {
      if (p.id.equals(id)) return p;
    }
    return null;
  }
}
