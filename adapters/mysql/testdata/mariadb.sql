-- MariaDB-only types (10.7+: UUID; 10.10+: INET4).
ALTER TABLE customers ADD uid UUID, ADD ip6 INET6;
