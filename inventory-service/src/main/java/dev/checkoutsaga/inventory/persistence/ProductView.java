package dev.checkoutsaga.inventory.persistence;


/**
 * A product as the API shows it. {@code price} is in minor units of {@code currency} (1999 EUR =
 * 19.99 EUR); {@code received} is the stock ever put on the shelf, and conservation means
 * {@code received = available + reserved + sold}.
 */
public record ProductView(String sku, String name, long price, String currency, int available, int reserved,
        int sold, long received) {

    public static ProductView of(Product p) {
        return new ProductView(p.sku, p.name, p.priceMinor, p.currency, p.available, p.reserved, p.sold, p.received);
    }
}
