-- 000 customers?$filter=CompanyName eq 'acme'
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE "CompanyName" = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string acme
  2: int64 2001

-- 001 customers?$filter=CompanyName eq 'ACME'
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE "CompanyName" = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string ACME
  2: int64 2001

-- 002 customers?$filter=CompanyName eq 'Acme'&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE "CompanyName" = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string Acme
  2: int64 2001

-- 003 customers?$filter=CompanyName ne 'acme'&$count=true&$top=5
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE "CompanyName" <> :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string acme
  2: int64 5
count: SELECT COUNT(*) FROM "customers" WHERE "CompanyName" <> :1
  1 args

-- 004 customers?$filter=CompanyName eq 'abc'
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE "CompanyName" = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string abc
  2: int64 2001

-- 005 customers?$filter=CompanyName eq 'abc '
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE "CompanyName" = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string abc 
  2: int64 2001

-- 006 customers?$filter=CompanyName eq 'abc  '
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE "CompanyName" = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string abc  
  2: int64 2001

-- 007 customers?$filter=CompanyName in ('abc','acme')
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE ("CompanyName" = :1 OR "CompanyName" = :2) ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: string abc
  2: string acme
  3: int64 2001

-- 008 customers?$filter=CompanyName in ["abc",'acme']
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE ("CompanyName" = :1 OR "CompanyName" = :2) ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: string abc
  2: string acme
  3: int64 2001

-- 009 customers?$filter=CompanyName in []&$count=true
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE (1=0) ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE (1=0)
  0 args

-- 010 customers?$filter=ContactName in (ContactName)&$count=true&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE (("ContactName" IS NOT NULL AND "ContactName" IS NOT NULL AND "ContactName" = "ContactName") OR ("ContactName" IS NULL AND "ContactName" IS NULL)) ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE (("ContactName" IS NOT NULL AND "ContactName" IS NOT NULL AND "ContactName" = "ContactName") OR ("ContactName" IS NULL AND "ContactName" IS NULL))
  0 args

-- 011 customers?$filter=City in (Country)&$select=CustomerCode,City,Country
SELECT "CustomerCode", "City", "Country" FROM "customers" WHERE (("City" IS NOT NULL AND "Country" IS NOT NULL AND "City" = "Country") OR ("City" IS NULL AND "Country" IS NULL)) ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 012 customers?$filter=CustomerCode in ["ALFKI", CustomerCode] and ContactName in ['Maria Anders', Notes]&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE (("CustomerCode" = :1 OR "CustomerCode" = "CustomerCode") AND ("ContactName" = :2 OR (("ContactName" IS NOT NULL AND "Notes" IS NOT NULL AND "ContactName" = "Notes") OR ("ContactName" IS NULL AND "Notes" IS NULL)))) ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: string ALFKI
  2: string Maria Anders
  3: int64 2001

-- 013 customers?$filter=matchesPattern(CompanyName,'^A.*e$')&$select=CustomerCode,CompanyName
unsupported: function matchespattern: not supported by this database

-- 014 customers?$filter=matchesPattern(CompanyName,'[0-9]{3}')&$select=CustomerCode,CompanyName
unsupported: function matchespattern: not supported by this database

-- 015 customers?$filter=not matchesPattern(Notes,'e$')&$count=true&$select=CustomerCode,Notes
unsupported: function matchespattern: not supported by this database

-- 016 customers?$filter=ContactName eq 'Trailing Space '
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE "ContactName" = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string Trailing Space 
  2: int64 2001

-- 017 customers?$filter=ContactName eq 'Trailing Space'
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE "ContactName" = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string Trailing Space
  2: int64 2001

-- 018 customers?$filter=ContactName eq null&$select=CustomerCode,ContactName
SELECT "CustomerCode", "ContactName" FROM "customers" WHERE "ContactName" IS NULL ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 019 customers?$filter=ContactName ne null&$count=true&$top=3
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE "ContactName" IS NOT NULL ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 3
count: SELECT COUNT(*) FROM "customers" WHERE "ContactName" IS NOT NULL
  0 args

-- 020 customers?$filter=ContactName ne 'Maria Anders'&$count=true&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE ("ContactName" <> :1 OR "ContactName" IS NULL) ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string Maria Anders
  2: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE ("ContactName" <> :1 OR "ContactName" IS NULL)
  1 args

-- 021 customers?$filter=not (ContactName eq 'Maria Anders')&$count=true&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE NOT (("ContactName" IS NOT NULL AND "ContactName" = :1)) ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string Maria Anders
  2: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE NOT (("ContactName" IS NOT NULL AND "ContactName" = :1))
  1 args

-- 022 customers?$filter=ContactName eq ''
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE 1=0 ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 023 customers?$filter=Notes eq null or Notes eq ''&$count=true&$select=CustomerCode,Notes
SELECT "CustomerCode", "Notes" FROM "customers" WHERE ("Notes" IS NULL OR 1=0) ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE ("Notes" IS NULL OR 1=0)
  0 args

-- 024 customers?$filter=ContactName in ('', null)&$select=CustomerCode,ContactName
SELECT "CustomerCode", "ContactName" FROM "customers" WHERE (1=0 OR "ContactName" IS NULL) ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 025 customers?$filter=CustomerCode in ('ALFKI','ACME1','NOPE1')
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE ("CustomerCode" = :1 OR "CustomerCode" = :2 OR "CustomerCode" = :3) ORDER BY "CustomerCode" FETCH NEXT :4 ROWS ONLY
  1: string ALFKI
  2: string ACME1
  3: string NOPE1
  4: int64 2001

-- 026 customers?$filter=CustomerCode lt 'B'&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE "CustomerCode" < :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string B
  2: int64 2001

-- 027 customers?$filter=CompanyName eq '日本商事株式会社'
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE "CompanyName" = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string 日本商事株式会社
  2: int64 2001

-- 028 customers?$filter=CompanyName eq 'O''Brien''s Pub'
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE "CompanyName" = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string O'Brien's Pub
  2: int64 2001

-- 029 customers?$filter=CompanyName eq 'a%b'
error 400 InvalidQueryOption: $filter: invalid percent-encoding at position 17

-- 030 customers?$filter=CompanyName eq '000123'
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE "CompanyName" = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string 000123
  2: int64 2001

-- 031 customers?$filter=contains(CompanyName,'%')&$select=CustomerCode,CompanyName
error 400 InvalidQueryOption: $filter: invalid percent-encoding at position 22

-- 032 customers?$filter=contains(CompanyName,'_')&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE "CompanyName" LIKE :1 ESCAPE '!' ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string %!_%
  2: int64 2001

-- 033 customers?$filter=contains(CompanyName,'!')&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE "CompanyName" LIKE :1 ESCAPE '!' ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string %!!%
  2: int64 2001

-- 034 customers?$filter=contains(CompanyName,'''')&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE "CompanyName" LIKE :1 ESCAPE '!' ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string %'%
  2: int64 2001

-- 035 customers?$filter=contains(CompanyName,'\')&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE "CompanyName" LIKE :1 ESCAPE '!' ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string %\%
  2: int64 2001

-- 036 customers?$filter=startswith(CompanyName,'a%')&$select=CustomerCode,CompanyName
error 400 InvalidQueryOption: $filter: invalid percent-encoding at position 25

-- 037 customers?$filter=contains(ContactName,'a_b')&$select=CustomerCode,ContactName
SELECT "CustomerCode", "ContactName" FROM "customers" WHERE "ContactName" LIKE :1 ESCAPE '!' ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string %a!_b%
  2: int64 2001

-- 038 customers?$filter=endswith(CompanyName,'\')&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE "CompanyName" LIKE :1 ESCAPE '!' ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string %\
  2: int64 2001

-- 039 customers?$filter=contains(ContactName,'%_!''\')
error 400 InvalidQueryOption: $filter: invalid percent-encoding at position 22

-- 040 customers?$filter=contains(CompanyName,'acme')&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE "CompanyName" LIKE :1 ESCAPE '!' ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string %acme%
  2: int64 2001

-- 041 customers?$filter=contains(CompanyName,'Acme')&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE "CompanyName" LIKE :1 ESCAPE '!' ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string %Acme%
  2: int64 2001

-- 042 customers?$filter=startswith(CompanyName,'A')&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE "CompanyName" LIKE :1 ESCAPE '!' ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string A%
  2: int64 2001

-- 043 customers?$filter=endswith(ContactName,' ')&$select=CustomerCode,ContactName
SELECT "CustomerCode", "ContactName" FROM "customers" WHERE "ContactName" LIKE :1 ESCAPE '!' ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string % 
  2: int64 2001

-- 044 customers?$filter=not contains(Notes,'case')&$count=true&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE NOT (("Notes" IS NOT NULL AND "Notes" LIKE :1 ESCAPE '!')) ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string %case%
  2: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE NOT (("Notes" IS NOT NULL AND "Notes" LIKE :1 ESCAPE '!'))
  1 args

-- 045 customers?$filter=not (contains(Notes,'e'))&$count=true&$select=CustomerCode,Notes
SELECT "CustomerCode", "Notes" FROM "customers" WHERE NOT (("Notes" IS NOT NULL AND "Notes" LIKE :1 ESCAPE '!')) ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string %e%
  2: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE NOT (("Notes" IS NOT NULL AND "Notes" LIKE :1 ESCAPE '!'))
  1 args

-- 046 customers?$filter=contains(Notes,'case') eq false&$count=true&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE NOT (("Notes" IS NOT NULL AND "Notes" LIKE :1 ESCAPE '!')) ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string %case%
  2: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE NOT (("Notes" IS NOT NULL AND "Notes" LIKE :1 ESCAPE '!'))
  1 args

-- 047 customers?$filter=contains(CompanyName,'🚀')
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE "CompanyName" LIKE :1 ESCAPE '!' ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string %🚀%
  2: int64 2001

-- 048 customers?$select=CustomerCode,CompanyName,Phone&$count=true&$filter=contains(CompanyName,'Acme') eq true or contains(Phone,'Acme') eq true&$top=25
SELECT "CustomerCode", "CompanyName", "Phone" FROM "customers" WHERE ("CompanyName" LIKE :1 ESCAPE '!' OR "Phone" LIKE :2 ESCAPE '!') ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: string %Acme%
  2: string %Acme%
  3: int64 25
count: SELECT COUNT(*) FROM "customers" WHERE ("CompanyName" LIKE :1 ESCAPE '!' OR "Phone" LIKE :2 ESCAPE '!')
  2 args

-- 049 customers?$filter=contains(ContactName,'Maria') eq true or contains(CompanyName,'Maria') eq true
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE ("ContactName" LIKE :1 ESCAPE '!' OR "CompanyName" LIKE :2 ESCAPE '!') ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: string %Maria%
  2: string %Maria%
  3: int64 2001

-- 050 customers?$filter=substringof('acme',CompanyName)
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE "CompanyName" LIKE :1 ESCAPE '!' ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string %acme%
  2: int64 2001

-- 051 customers?$filter=substringof('Acme',CompanyName) eq true or substringof('Acme',Phone) eq true
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE ("CompanyName" LIKE :1 ESCAPE '!' OR "Phone" LIKE :2 ESCAPE '!') ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: string %Acme%
  2: string %Acme%
  3: int64 2001

-- 052 customers?$filter=length(CompanyName) eq 4&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE LENGTH("CompanyName") = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: int64 4
  2: int64 2001

-- 053 customers?$filter=length(CompanyName) eq 3&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE LENGTH("CompanyName") = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: int64 3
  2: int64 2001

-- 054 customers?$filter=length(ContactName) eq 1&$select=CustomerCode,ContactName
SELECT "CustomerCode", "ContactName" FROM "customers" WHERE LENGTH("ContactName") = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: int64 1
  2: int64 2001

-- 055 customers?$filter=length(Notes) eq 3&$select=CustomerCode,Notes
SELECT "CustomerCode", "Notes" FROM "customers" WHERE LENGTH("Notes") = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: int64 3
  2: int64 2001

-- 056 customers?$filter=length(CompanyName) gt 30&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE LENGTH("CompanyName") > :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: int64 30
  2: int64 2001

-- 057 customers?$filter=indexof(CompanyName,'🚀') eq 7
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE (INSTR("CompanyName", :1) - 1) = :2 ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: string 🚀
  2: int64 7
  3: int64 2001

-- 058 customers?$filter=indexof(CompanyName,'ü') eq 1
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE (INSTR("CompanyName", :1) - 1) = :2 ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: string ü
  2: int64 1
  3: int64 2001

-- 059 customers?$filter=indexof(CompanyName,'Smiles') eq 2
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE (INSTR("CompanyName", :1) - 1) = :2 ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: string Smiles
  2: int64 2
  3: int64 2001

-- 060 customers?$filter=indexof(CompanyName,'Pub') ge 0&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE (INSTR("CompanyName", :1) - 1) >= :2 ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: string Pub
  2: int64 0
  3: int64 2001

-- 061 customers?$filter=substring(CompanyName,0,1) eq '😀'
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE (SUBSTR("CompanyName", :1 + 1, :2) IS NOT NULL AND SUBSTR("CompanyName", :3 + 1, :4) = :5) ORDER BY "CustomerCode" FETCH NEXT :6 ROWS ONLY
  1: int64 0
  2: int64 1
  3: int64 0
  4: int64 1
  5: string 😀
  6: int64 2001

-- 062 customers?$filter=substring(CompanyName,2) eq 'Smiles Inc'
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE (SUBSTR("CompanyName", :1 + 1) IS NOT NULL AND SUBSTR("CompanyName", :2 + 1) = :3) ORDER BY "CustomerCode" FETCH NEXT :4 ROWS ONLY
  1: int64 2
  2: int64 2
  3: string Smiles Inc
  4: int64 2001

-- 063 customers?$filter=substring(CompanyName,1,2) eq 'cm'
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE (SUBSTR("CompanyName", :1 + 1, :2) IS NOT NULL AND SUBSTR("CompanyName", :3 + 1, :4) = :5) ORDER BY "CustomerCode" FETCH NEXT :6 ROWS ONLY
  1: int64 1
  2: int64 2
  3: int64 1
  4: int64 2
  5: string cm
  6: int64 2001

-- 064 customers?$filter=substring(ContactName,1) eq 'ürgen Müller'
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE SUBSTR("ContactName", :1 + 1) = :2 ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: int64 1
  2: string ürgen Müller
  3: int64 2001

-- 065 customers?$filter=tolower(CompanyName) eq 'acme'&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE LOWER("CompanyName") = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string acme
  2: int64 2001

-- 066 customers?$filter=toupper(CompanyName) eq 'ACME'&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE UPPER("CompanyName") = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string ACME
  2: int64 2001

-- 067 customers?$filter=tolower(CompanyName) eq 'müller & söhne'
error 400 InvalidFilter: $filter: unterminated string literal at position 24

-- 068 customers?$filter=toupper(CompanyName) eq 'MÜLLER & SÖHNE'
error 400 InvalidFilter: $filter: unterminated string literal at position 24

-- 069 customers?$filter=tolower(Country) eq 'österreich'&$select=CustomerCode,Country
SELECT "CustomerCode", "Country" FROM "customers" WHERE LOWER("Country") = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string österreich
  2: int64 2001

-- 070 customers?$filter=trim(ContactName) eq 'leading and trailing'
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE TRIM("ContactName") = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string leading and trailing
  2: int64 2001

-- 071 customers?$filter=trim(CompanyName) eq 'abc'&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE (TRIM("CompanyName") IS NOT NULL AND TRIM("CompanyName") = :1) ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string abc
  2: int64 2001

-- 072 customers?$filter=concat(CompanyName,'!') eq 'Yahoo! Traders!'
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE ("CompanyName" || :1) = :2 ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: string !
  2: string Yahoo! Traders!
  3: int64 2001

-- 073 customers?$filter=concat(ContactName,'x') eq 'x'&$select=CustomerCode,ContactName
SELECT "CustomerCode", "ContactName" FROM "customers" WHERE (CASE WHEN "ContactName" IS NULL THEN NULL ELSE "ContactName" || :1 END) = :2 ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: string x
  2: string x
  3: int64 2001

-- 074 customers?$filter=concat(concat(City,', '),Country) eq 'Berlin, Germany'&$select=CustomerCode,City,Country
SELECT "CustomerCode", "City", "Country" FROM "customers" WHERE (CASE WHEN (CASE WHEN "City" IS NULL THEN NULL ELSE "City" || :1 END) IS NULL OR "Country" IS NULL THEN NULL ELSE (CASE WHEN "City" IS NULL THEN NULL ELSE "City" || :2 END) || "Country" END) = :3 ORDER BY "CustomerCode" FETCH NEXT :4 ROWS ONLY
  1: string , 
  2: string , 
  3: string Berlin, Germany
  4: int64 2001

-- 075 customers?$filter=concat(ContactName,Notes) eq null&$count=true&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE (CASE WHEN "ContactName" IS NULL OR "Notes" IS NULL THEN NULL ELSE "ContactName" || "Notes" END) IS NULL ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE (CASE WHEN "ContactName" IS NULL OR "Notes" IS NULL THEN NULL ELSE "ContactName" || "Notes" END) IS NULL
  0 args

-- 076 customers?$filter=CreditLimit gt 450000&$select=CustomerCode,CreditLimit
SELECT "CustomerCode", "CreditLimit" FROM "customers" WHERE "CreditLimit" > TO_NUMBER(:1, '999999', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string 450000
  2: int64 2001

-- 077 customers?$filter=CreditLimit eq null&$select=CustomerCode,CreditLimit
SELECT "CustomerCode", "CreditLimit" FROM "customers" WHERE "CreditLimit" IS NULL ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 078 customers?$filter=not (CreditLimit gt 100000)&$count=true&$select=CustomerCode,CreditLimit
SELECT "CustomerCode", "CreditLimit" FROM "customers" WHERE NOT (("CreditLimit" IS NOT NULL AND "CreditLimit" > TO_NUMBER(:1, '999999', 'NLS_NUMERIC_CHARACTERS=''.,'''))) ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string 100000
  2: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE NOT (("CreditLimit" IS NOT NULL AND "CreditLimit" > TO_NUMBER(:1, '999999', 'NLS_NUMERIC_CHARACTERS=''.,''')))
  1 args

-- 079 customers?$filter=IsActive eq false&$select=CustomerCode,IsActive
SELECT "CustomerCode", "IsActive" FROM "customers" WHERE "IsActive" = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: int64 0
  2: int64 2001

-- 080 customers?$filter=IsActive&$count=true&$top=0
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE "IsActive" = 1 ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 0
count: SELECT COUNT(*) FROM "customers" WHERE "IsActive" = 1
  0 args

-- 081 customers?$filter=not IsActive&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE NOT ("IsActive" = 1) ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 082 customers?$filter=IsActive eq true and CreditLimit eq null&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE ("IsActive" = :1 AND "CreditLimit" IS NULL) ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: int64 1
  2: int64 2001

-- 083 customers?$filter=CreatedAt lt 2016-01-01T00:00:00Z&$select=CustomerCode,CreatedAt
SELECT "CustomerCode", "CreatedAt" FROM "customers" WHERE "CreatedAt" < :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: time.Time 2016-01-01 00:00:00 +0000 UTC
  2: int64 2001

-- 084 customers?$filter=CreatedAt ge 2022-06-01T12:00:00+02:00&$select=CustomerCode,CreatedAt
error 400 InvalidFilter: $filter: date-time literal needs 'Z' or an offset such as +01:00 at position 32

-- 085 customers?$filter=year(CreatedAt) eq 2020 and month(CreatedAt) le 6&$select=CustomerCode,CreatedAt
SELECT "CustomerCode", "CreatedAt" FROM "customers" WHERE (EXTRACT(YEAR FROM SYS_EXTRACT_UTC("CreatedAt")) = :1 AND EXTRACT(MONTH FROM SYS_EXTRACT_UTC("CreatedAt")) <= :2) ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: int64 2020
  2: int64 6
  3: int64 2001

-- 086 customers?$filter=hour(CreatedAt) eq 23 or minute(CreatedAt) eq 0&$select=CustomerCode,CreatedAt
SELECT "CustomerCode", "CreatedAt" FROM "customers" WHERE (EXTRACT(HOUR FROM SYS_EXTRACT_UTC("CreatedAt")) = :1 OR EXTRACT(MINUTE FROM SYS_EXTRACT_UTC("CreatedAt")) = :2) ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: int64 23
  2: int64 0
  3: int64 2001

-- 087 customers?$filter=second(CreatedAt) eq 59&$select=CustomerCode,CreatedAt
SELECT "CustomerCode", "CreatedAt" FROM "customers" WHERE TRUNC(EXTRACT(SECOND FROM SYS_EXTRACT_UTC("CreatedAt"))) = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: int64 59
  2: int64 2001

-- 088 customers?$filter=date(CreatedAt) lt 2015-03-01&$select=CustomerCode,CreatedAt
SELECT "CustomerCode", "CreatedAt" FROM "customers" WHERE TRUNC(SYS_EXTRACT_UTC("CreatedAt")) < TO_DATE(:1, 'YYYY-MM-DD') ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string 2015-03-01
  2: int64 2001

-- 089 customers?$search=acme&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE (LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:4) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:5) ESCAPE '!' OR LOWER("City") LIKE LOWER(:6) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:7) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:8) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:9) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:10) ESCAPE '!') ORDER BY "CustomerCode" FETCH NEXT :11 ROWS ONLY
  1: string %acme%
  2: string %acme%
  3: string %acme%
  4: string %acme%
  5: string %acme%
  6: string %acme%
  7: string %acme%
  8: string %acme%
  9: string %acme%
  10: string %acme%
  11: int64 2001

-- 090 customers?$search="Trailing Space"
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE (LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:4) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:5) ESCAPE '!' OR LOWER("City") LIKE LOWER(:6) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:7) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:8) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:9) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:10) ESCAPE '!') ORDER BY "CustomerCode" FETCH NEXT :11 ROWS ONLY
  1: string %Trailing Space%
  2: string %Trailing Space%
  3: string %Trailing Space%
  4: string %Trailing Space%
  5: string %Trailing Space%
  6: string %Trailing Space%
  7: string %Trailing Space%
  8: string %Trailing Space%
  9: string %Trailing Space%
  10: string %Trailing Space%
  11: int64 2001

-- 091 customers?$search=acme OR müller&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE ((LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:4) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:5) ESCAPE '!' OR LOWER("City") LIKE LOWER(:6) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:7) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:8) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:9) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:10) ESCAPE '!') OR (LOWER("CustomerCode") LIKE LOWER(:11) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:12) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:13) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:14) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:15) ESCAPE '!' OR LOWER("City") LIKE LOWER(:16) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:17) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:18) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:19) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:20) ESCAPE '!')) ORDER BY "CustomerCode" FETCH NEXT :21 ROWS ONLY
  1: string %acme%
  2: string %acme%
  3: string %acme%
  4: string %acme%
  5: string %acme%
  6: string %acme%
  7: string %acme%
  8: string %acme%
  9: string %acme%
  10: string %acme%
  11: string %müller%
  12: string %müller%
  13: string %müller%
  14: string %müller%
  15: string %müller%
  16: string %müller%
  17: string %müller%
  18: string %müller%
  19: string %müller%
  20: string %müller%
  21: int64 2001

-- 092 customers?$search=acme AND NOT Wile&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE ((LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:4) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:5) ESCAPE '!' OR LOWER("City") LIKE LOWER(:6) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:7) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:8) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:9) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:10) ESCAPE '!') AND NOT ((LOWER("CustomerCode") LIKE LOWER(:11) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:12) ESCAPE '!' OR ("ContactName" IS NOT NULL AND LOWER("ContactName") LIKE LOWER(:13) ESCAPE '!') OR ("ContactTitle" IS NOT NULL AND LOWER("ContactTitle") LIKE LOWER(:14) ESCAPE '!') OR ("Country" IS NOT NULL AND LOWER("Country") LIKE LOWER(:15) ESCAPE '!') OR ("City" IS NOT NULL AND LOWER("City") LIKE LOWER(:16) ESCAPE '!') OR ("PostalCode" IS NOT NULL AND LOWER("PostalCode") LIKE LOWER(:17) ESCAPE '!') OR ("Phone" IS NOT NULL AND LOWER("Phone") LIKE LOWER(:18) ESCAPE '!') OR LOWER("CurrencyCode") LIKE LOWER(:19) ESCAPE '!' OR ("Notes" IS NOT NULL AND LOWER("Notes") LIKE LOWER(:20) ESCAPE '!')))) ORDER BY "CustomerCode" FETCH NEXT :21 ROWS ONLY
  1: string %acme%
  2: string %acme%
  3: string %acme%
  4: string %acme%
  5: string %acme%
  6: string %acme%
  7: string %acme%
  8: string %acme%
  9: string %acme%
  10: string %acme%
  11: string %Wile%
  12: string %Wile%
  13: string %Wile%
  14: string %Wile%
  15: string %Wile%
  16: string %Wile%
  17: string %Wile%
  18: string %Wile%
  19: string %Wile%
  20: string %Wile%
  21: int64 2001

-- 093 customers?$search=NOT acme&$count=true&$top=3
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE NOT ((LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR ("ContactName" IS NOT NULL AND LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!') OR ("ContactTitle" IS NOT NULL AND LOWER("ContactTitle") LIKE LOWER(:4) ESCAPE '!') OR ("Country" IS NOT NULL AND LOWER("Country") LIKE LOWER(:5) ESCAPE '!') OR ("City" IS NOT NULL AND LOWER("City") LIKE LOWER(:6) ESCAPE '!') OR ("PostalCode" IS NOT NULL AND LOWER("PostalCode") LIKE LOWER(:7) ESCAPE '!') OR ("Phone" IS NOT NULL AND LOWER("Phone") LIKE LOWER(:8) ESCAPE '!') OR LOWER("CurrencyCode") LIKE LOWER(:9) ESCAPE '!' OR ("Notes" IS NOT NULL AND LOWER("Notes") LIKE LOWER(:10) ESCAPE '!'))) ORDER BY "CustomerCode" FETCH NEXT :11 ROWS ONLY
  1: string %acme%
  2: string %acme%
  3: string %acme%
  4: string %acme%
  5: string %acme%
  6: string %acme%
  7: string %acme%
  8: string %acme%
  9: string %acme%
  10: string %acme%
  11: int64 3
count: SELECT COUNT(*) FROM "customers" WHERE NOT ((LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR ("ContactName" IS NOT NULL AND LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!') OR ("ContactTitle" IS NOT NULL AND LOWER("ContactTitle") LIKE LOWER(:4) ESCAPE '!') OR ("Country" IS NOT NULL AND LOWER("Country") LIKE LOWER(:5) ESCAPE '!') OR ("City" IS NOT NULL AND LOWER("City") LIKE LOWER(:6) ESCAPE '!') OR ("PostalCode" IS NOT NULL AND LOWER("PostalCode") LIKE LOWER(:7) ESCAPE '!') OR ("Phone" IS NOT NULL AND LOWER("Phone") LIKE LOWER(:8) ESCAPE '!') OR LOWER("CurrencyCode") LIKE LOWER(:9) ESCAPE '!' OR ("Notes" IS NOT NULL AND LOWER("Notes") LIKE LOWER(:10) ESCAPE '!')))
  10 args

-- 094 customers?$search=(abc OR acme) AND case&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE (((LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:4) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:5) ESCAPE '!' OR LOWER("City") LIKE LOWER(:6) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:7) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:8) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:9) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:10) ESCAPE '!') OR (LOWER("CustomerCode") LIKE LOWER(:11) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:12) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:13) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:14) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:15) ESCAPE '!' OR LOWER("City") LIKE LOWER(:16) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:17) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:18) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:19) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:20) ESCAPE '!')) AND (LOWER("CustomerCode") LIKE LOWER(:21) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:22) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:23) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:24) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:25) ESCAPE '!' OR LOWER("City") LIKE LOWER(:26) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:27) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:28) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:29) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:30) ESCAPE '!')) ORDER BY "CustomerCode" FETCH NEXT :31 ROWS ONLY
  1: string %abc%
  2: string %abc%
  3: string %abc%
  4: string %abc%
  5: string %abc%
  6: string %abc%
  7: string %abc%
  8: string %abc%
  9: string %abc%
  10: string %abc%
  11: string %acme%
  12: string %acme%
  13: string %acme%
  14: string %acme%
  15: string %acme%
  16: string %acme%
  17: string %acme%
  18: string %acme%
  19: string %acme%
  20: string %acme%
  21: string %case%
  22: string %case%
  23: string %case%
  24: string %case%
  25: string %case%
  26: string %case%
  27: string %case%
  28: string %case%
  29: string %case%
  30: string %case%
  31: int64 2001

-- 095 customers?$search=100%&$select=CustomerCode
error 400 InvalidQueryOption: $search: invalid percent-encoding at position 3

-- 096 customers?$search=under_score&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE (LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:4) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:5) ESCAPE '!' OR LOWER("City") LIKE LOWER(:6) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:7) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:8) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:9) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:10) ESCAPE '!') ORDER BY "CustomerCode" FETCH NEXT :11 ROWS ONLY
  1: string %under!_score%
  2: string %under!_score%
  3: string %under!_score%
  4: string %under!_score%
  5: string %under!_score%
  6: string %under!_score%
  7: string %under!_score%
  8: string %under!_score%
  9: string %under!_score%
  10: string %under!_score%
  11: int64 2001

-- 097 customers?$search=o'brien&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE (LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:4) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:5) ESCAPE '!' OR LOWER("City") LIKE LOWER(:6) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:7) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:8) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:9) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:10) ESCAPE '!') ORDER BY "CustomerCode" FETCH NEXT :11 ROWS ONLY
  1: string %o'brien%
  2: string %o'brien%
  3: string %o'brien%
  4: string %o'brien%
  5: string %o'brien%
  6: string %o'brien%
  7: string %o'brien%
  8: string %o'brien%
  9: string %o'brien%
  10: string %o'brien%
  11: int64 2001

-- 098 customers?$search=MÜLLER&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE (LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:4) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:5) ESCAPE '!' OR LOWER("City") LIKE LOWER(:6) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:7) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:8) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:9) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:10) ESCAPE '!') ORDER BY "CustomerCode" FETCH NEXT :11 ROWS ONLY
  1: string %MÜLLER%
  2: string %MÜLLER%
  3: string %MÜLLER%
  4: string %MÜLLER%
  5: string %MÜLLER%
  6: string %MÜLLER%
  7: string %MÜLLER%
  8: string %MÜLLER%
  9: string %MÜLLER%
  10: string %MÜLLER%
  11: int64 2001

-- 099 customers?$search=Muller&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE (LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:4) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:5) ESCAPE '!' OR LOWER("City") LIKE LOWER(:6) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:7) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:8) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:9) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:10) ESCAPE '!') ORDER BY "CustomerCode" FETCH NEXT :11 ROWS ONLY
  1: string %Muller%
  2: string %Muller%
  3: string %Muller%
  4: string %Muller%
  5: string %Muller%
  6: string %Muller%
  7: string %Muller%
  8: string %Muller%
  9: string %Muller%
  10: string %Muller%
  11: int64 2001

-- 100 customers?$search=🚀&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE (LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:4) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:5) ESCAPE '!' OR LOWER("City") LIKE LOWER(:6) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:7) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:8) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:9) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:10) ESCAPE '!') ORDER BY "CustomerCode" FETCH NEXT :11 ROWS ONLY
  1: string %🚀%
  2: string %🚀%
  3: string %🚀%
  4: string %🚀%
  5: string %🚀%
  6: string %🚀%
  7: string %🚀%
  8: string %🚀%
  9: string %🚀%
  10: string %🚀%
  11: int64 2001

-- 101 customers?$orderby=CompanyName&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" ORDER BY "CompanyName", "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 102 customers?$orderby=ContactName desc,CompanyName&$select=CustomerCode,ContactName,CompanyName
SELECT "CustomerCode", "ContactName", "CompanyName" FROM "customers" ORDER BY "ContactName" DESC NULLS LAST, "CompanyName", "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 103 customers?$orderby=CreditLimit&$top=30&$select=CustomerCode,CreditLimit
SELECT "CustomerCode", "CreditLimit" FROM "customers" ORDER BY "CreditLimit" NULLS FIRST, "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 30

-- 104 customers?$orderby=CreditLimit desc&$top=30&$skip=5&$select=CustomerCode,CreditLimit
SELECT "CustomerCode", "CreditLimit" FROM "customers" ORDER BY "CreditLimit" DESC NULLS LAST, "CustomerCode" OFFSET :1 ROWS FETCH NEXT :2 ROWS ONLY
  1: int64 5
  2: int64 30

-- 105 customers?$orderby=Country,City desc&$select=CustomerCode,Country,City
SELECT "CustomerCode", "Country", "City" FROM "customers" ORDER BY "Country" NULLS FIRST, "City" DESC NULLS LAST, "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 106 customers?$top=5&$skip=3&$count=true
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" ORDER BY "CustomerCode" OFFSET :1 ROWS FETCH NEXT :2 ROWS ONLY
  1: int64 3
  2: int64 5
count: SELECT COUNT(*) FROM "customers"
  0 args

-- 107 customers?$select=CustomerCode,Notes&$filter=Notes ne null&$orderby=Notes&$top=40
SELECT "CustomerCode", "Notes" FROM "customers" WHERE "Notes" IS NOT NULL ORDER BY "Notes" NULLS FIRST, "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 40

-- 108 customers?$count=true&$filter=CompanyName eq 'nope'
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE "CompanyName" = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string nope
  2: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE "CompanyName" = :1
  1 args

-- 109 customers?$orderby=IsActive desc,CreatedAt&$top=20&$select=CustomerCode,IsActive,CreatedAt
SELECT "CustomerCode", "IsActive", "CreatedAt" FROM "customers" ORDER BY "IsActive" DESC, "CreatedAt", "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 20

-- 110 customers?$skip=245
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" ORDER BY "CustomerCode" OFFSET :1 ROWS FETCH NEXT :2 ROWS ONLY
  1: int64 245
  2: int64 2001

-- 111 products?$filter=ProductName eq 'Chai'&$select=ProductID,ProductName
SELECT "ProductID", "ProductName" FROM "products" WHERE "ProductName" = :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string Chai
  2: int64 2001

-- 112 products?$filter=ProductName eq 'chai'&$select=ProductID,ProductName
SELECT "ProductID", "ProductName" FROM "products" WHERE "ProductName" = :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string chai
  2: int64 2001

-- 113 products?$filter=ProductName ne 'Chai'&$count=true&$top=2&$select=ProductID
SELECT "ProductID" FROM "products" WHERE "ProductName" <> :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string Chai
  2: int64 2
count: SELECT COUNT(*) FROM "products" WHERE "ProductName" <> :1
  1 args

-- 114 products?$filter=ProductName eq 'Trailing Tea'
SELECT "ProductID", "ProductName", "SupplierCode", "CategoryID", "QuantityPerUnit", "UnitPrice", "UnitsInStock", "Discontinued", "Weight", "Length", "Thumbnail", "Description" FROM "products" WHERE "ProductName" = :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string Trailing Tea
  2: int64 2001

-- 115 products?$filter=ProductName eq 'Trailing Tea '
SELECT "ProductID", "ProductName", "SupplierCode", "CategoryID", "QuantityPerUnit", "UnitPrice", "UnitsInStock", "Discontinued", "Weight", "Length", "Thumbnail", "Description" FROM "products" WHERE "ProductName" = :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string Trailing Tea 
  2: int64 2001

-- 116 products?$filter=UnitPrice eq 9999999999.99
SELECT "ProductID", "ProductName", "SupplierCode", "CategoryID", "QuantityPerUnit", "UnitPrice", "UnitsInStock", "Discontinued", "Weight", "Length", "Thumbnail", "Description" FROM "products" WHERE "UnitPrice" = TO_NUMBER(:1, '9999999999D99', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string 9999999999.99
  2: int64 2001

-- 117 products?$filter=UnitPrice eq 0&$select=ProductID,UnitPrice
SELECT "ProductID", "UnitPrice" FROM "products" WHERE "UnitPrice" = TO_NUMBER(:1, '9', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string 0
  2: int64 2001

-- 118 products?$filter=UnitPrice eq 0.01&$select=ProductID,UnitPrice
SELECT "ProductID", "UnitPrice" FROM "products" WHERE "UnitPrice" = TO_NUMBER(:1, '9D99', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string 0.01
  2: int64 2001

-- 119 products?$filter=UnitPrice lt 1&$select=ProductID,UnitPrice
SELECT "ProductID", "UnitPrice" FROM "products" WHERE "UnitPrice" < TO_NUMBER(:1, '9', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string 1
  2: int64 2001

-- 120 products?$filter=UnitPrice gt 100 and UnitPrice le 200&$count=true&$select=ProductID,UnitPrice
SELECT "ProductID", "UnitPrice" FROM "products" WHERE ("UnitPrice" > TO_NUMBER(:1, '999', 'NLS_NUMERIC_CHARACTERS=''.,''') AND "UnitPrice" <= TO_NUMBER(:2, '999', 'NLS_NUMERIC_CHARACTERS=''.,''')) ORDER BY "ProductID" FETCH NEXT :3 ROWS ONLY
  1: string 100
  2: string 200
  3: int64 2001
count: SELECT COUNT(*) FROM "products" WHERE ("UnitPrice" > TO_NUMBER(:1, '999', 'NLS_NUMERIC_CHARACTERS=''.,''') AND "UnitPrice" <= TO_NUMBER(:2, '999', 'NLS_NUMERIC_CHARACTERS=''.,'''))
  2 args

-- 121 products?$filter=UnitPrice mul 2 gt 500&$select=ProductID,UnitPrice
SELECT "ProductID", "UnitPrice" FROM "products" WHERE ("UnitPrice" * :1) > TO_NUMBER(:2, '999', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "ProductID" FETCH NEXT :3 ROWS ONLY
  1: int64 2
  2: string 500
  3: int64 2001

-- 122 products?$filter=UnitPrice add 0.01 eq 0.02&$select=ProductID,UnitPrice
SELECT "ProductID", "UnitPrice" FROM "products" WHERE ("UnitPrice" + TO_NUMBER(:1, '9D99', 'NLS_NUMERIC_CHARACTERS=''.,''')) = TO_NUMBER(:2, '9D99', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "ProductID" FETCH NEXT :3 ROWS ONLY
  1: string 0.01
  2: string 0.02
  3: int64 2001

-- 123 products?$filter=UnitPrice sub 1 lt 0&$select=ProductID,UnitPrice
SELECT "ProductID", "UnitPrice" FROM "products" WHERE ("UnitPrice" - :1) < TO_NUMBER(:2, '9', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "ProductID" FETCH NEXT :3 ROWS ONLY
  1: int64 1
  2: string 0
  3: int64 2001

-- 124 products?$filter=UnitPrice gt 1.5M and UnitPrice lt 2.5M&$select=ProductID,UnitPrice
SELECT "ProductID", "UnitPrice" FROM "products" WHERE ("UnitPrice" > TO_NUMBER(:1, '9D9', 'NLS_NUMERIC_CHARACTERS=''.,''') AND "UnitPrice" < TO_NUMBER(:2, '9D9', 'NLS_NUMERIC_CHARACTERS=''.,''')) ORDER BY "ProductID" FETCH NEXT :3 ROWS ONLY
  1: string 1.5
  2: string 2.5
  3: int64 2001

-- 125 products?$filter=ProductID eq 17L
SELECT "ProductID", "ProductName", "SupplierCode", "CategoryID", "QuantityPerUnit", "UnitPrice", "UnitsInStock", "Discontinued", "Weight", "Length", "Thumbnail", "Description" FROM "products" WHERE "ProductID" = :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: int64 17
  2: int64 2001

-- 126 products?$filter=Weight eq 3.141592653589793&$select=ProductID,Weight
SELECT "ProductID", "Weight" FROM "products" WHERE "Weight" = :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: float64 3.141592653589793
  2: int64 2001

-- 127 products?$filter=Weight eq 1e-07&$select=ProductID,Weight
SELECT "ProductID", "Weight" FROM "products" WHERE "Weight" = :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: float64 1e-07
  2: int64 2001

-- 128 products?$filter=Weight lt 0.000001&$select=ProductID,Weight
SELECT "ProductID", "Weight" FROM "products" WHERE "Weight" < :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: float64 1e-06
  2: int64 2001

-- 129 products?$filter=Weight eq 0.1&$select=ProductID,Weight
SELECT "ProductID", "Weight" FROM "products" WHERE "Weight" = :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: float64 0.1
  2: int64 2001

-- 130 products?$filter=Weight gt 240.5&$select=ProductID,Weight
SELECT "ProductID", "Weight" FROM "products" WHERE "Weight" > :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: float64 240.5
  2: int64 2001

-- 131 products?$filter=Length eq 99999.999&$select=ProductID,Length
SELECT "ProductID", "Length" FROM "products" WHERE "Length" = TO_NUMBER(:1, '99999D999', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string 99999.999
  2: int64 2001

-- 132 products?$filter=Length eq 0.001&$select=ProductID,Length
SELECT "ProductID", "Length" FROM "products" WHERE "Length" = TO_NUMBER(:1, '9D999', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string 0.001
  2: int64 2001

-- 133 products?$filter=Length lt 100&$select=ProductID,Length
SELECT "ProductID", "Length" FROM "products" WHERE "Length" < TO_NUMBER(:1, '999', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string 100
  2: int64 2001

-- 134 products?$filter=Length eq null&$count=true&$select=ProductID,Length
SELECT "ProductID", "Length" FROM "products" WHERE "Length" IS NULL ORDER BY "ProductID" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "products" WHERE "Length" IS NULL
  0 args

-- 135 products?$filter=UnitsInStock eq 0&$select=ProductID,UnitsInStock
SELECT "ProductID", "UnitsInStock" FROM "products" WHERE "UnitsInStock" = :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: int64 0
  2: int64 2001

-- 136 products?$filter=UnitsInStock ne 0&$count=true&$select=ProductID,UnitsInStock
SELECT "ProductID", "UnitsInStock" FROM "products" WHERE ("UnitsInStock" <> :1 OR "UnitsInStock" IS NULL) ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: int64 0
  2: int64 2001
count: SELECT COUNT(*) FROM "products" WHERE ("UnitsInStock" <> :1 OR "UnitsInStock" IS NULL)
  1 args

-- 137 products?$filter=not (UnitsInStock gt 5)&$select=ProductID,UnitsInStock
SELECT "ProductID", "UnitsInStock" FROM "products" WHERE NOT (("UnitsInStock" IS NOT NULL AND "UnitsInStock" > :1)) ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: int64 5
  2: int64 2001

-- 138 products?$filter=UnitsInStock div 7 eq 3&$select=ProductID,UnitsInStock
SELECT "ProductID", "UnitsInStock" FROM "products" WHERE TRUNC("UnitsInStock" / :1) = :2 ORDER BY "ProductID" FETCH NEXT :3 ROWS ONLY
  1: int64 7
  2: int64 3
  3: int64 2001

-- 139 products?$filter=UnitsInStock mod 7 eq 3&$count=true&$select=ProductID,UnitsInStock
SELECT "ProductID", "UnitsInStock" FROM "products" WHERE MOD("UnitsInStock", NULLIF(:1, 0)) = :2 ORDER BY "ProductID" FETCH NEXT :3 ROWS ONLY
  1: int64 7
  2: int64 3
  3: int64 2001
count: SELECT COUNT(*) FROM "products" WHERE MOD("UnitsInStock", NULLIF(:1, 0)) = :2
  2 args

-- 140 products?$filter=UnitsInStock divby 8 eq 2.5&$select=ProductID,UnitsInStock
SELECT "ProductID", "UnitsInStock" FROM "products" WHERE ("UnitsInStock" / :1) = TO_NUMBER(:2, '9D9', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "ProductID" FETCH NEXT :3 ROWS ONLY
  1: int64 8
  2: string 2.5
  3: int64 2001

-- 141 products?$filter=(UnitsInStock sub 250) div 100 eq 0&$count=true&$select=ProductID,UnitsInStock
SELECT "ProductID", "UnitsInStock" FROM "products" WHERE TRUNC(("UnitsInStock" - :1) / :2) = :3 ORDER BY "ProductID" FETCH NEXT :4 ROWS ONLY
  1: int64 250
  2: int64 100
  3: int64 0
  4: int64 2001
count: SELECT COUNT(*) FROM "products" WHERE TRUNC(("UnitsInStock" - :1) / :2) = :3
  3 args

-- 142 products?$filter=(UnitsInStock sub 250) mod 7 eq -3&$count=true&$select=ProductID,UnitsInStock
SELECT "ProductID", "UnitsInStock" FROM "products" WHERE MOD(("UnitsInStock" - :1), NULLIF(:2, 0)) = :3 ORDER BY "ProductID" FETCH NEXT :4 ROWS ONLY
  1: int64 250
  2: int64 7
  3: int64 -3
  4: int64 2001
count: SELECT COUNT(*) FROM "products" WHERE MOD(("UnitsInStock" - :1), NULLIF(:2, 0)) = :3
  3 args

-- 143 products?$filter=-UnitsInStock lt -490&$select=ProductID,UnitsInStock
SELECT "ProductID", "UnitsInStock" FROM "products" WHERE (-"UnitsInStock") < :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: int64 -490
  2: int64 2001

-- 144 products?$filter=UnitsInStock add 5 mul 2 eq 20&$select=ProductID,UnitsInStock
SELECT "ProductID", "UnitsInStock" FROM "products" WHERE ("UnitsInStock" + (:1 * :2)) = :3 ORDER BY "ProductID" FETCH NEXT :4 ROWS ONLY
  1: int64 5
  2: int64 2
  3: int64 20
  4: int64 2001

-- 145 products?$filter=(UnitsInStock add 5) mul 2 eq 20&$select=ProductID,UnitsInStock
SELECT "ProductID", "UnitsInStock" FROM "products" WHERE (("UnitsInStock" + :1) * :2) = :3 ORDER BY "ProductID" FETCH NEXT :4 ROWS ONLY
  1: int64 5
  2: int64 2
  3: int64 20
  4: int64 2001

-- 146 products?$filter=Discontinued eq true&$select=ProductID,Discontinued
SELECT "ProductID", "Discontinued" FROM "products" WHERE "Discontinued" = :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: int64 1
  2: int64 2001

-- 147 products?$filter=Discontinued&$count=true&$top=1
SELECT "ProductID", "ProductName", "SupplierCode", "CategoryID", "QuantityPerUnit", "UnitPrice", "UnitsInStock", "Discontinued", "Weight", "Length", "Thumbnail", "Description" FROM "products" WHERE "Discontinued" = 1 ORDER BY "ProductID" FETCH NEXT :1 ROWS ONLY
  1: int64 1
count: SELECT COUNT(*) FROM "products" WHERE "Discontinued" = 1
  0 args

-- 148 products?$filter=not Discontinued&$count=true&$top=1
SELECT "ProductID", "ProductName", "SupplierCode", "CategoryID", "QuantityPerUnit", "UnitPrice", "UnitsInStock", "Discontinued", "Weight", "Length", "Thumbnail", "Description" FROM "products" WHERE NOT ("Discontinued" = 1) ORDER BY "ProductID" FETCH NEXT :1 ROWS ONLY
  1: int64 1
count: SELECT COUNT(*) FROM "products" WHERE NOT ("Discontinued" = 1)
  0 args

-- 149 products?$filter=Discontinued ne true and UnitsInStock eq null&$select=ProductID
SELECT "ProductID" FROM "products" WHERE ("Discontinued" <> :1 AND "UnitsInStock" IS NULL) ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: int64 1
  2: int64 2001

-- 150 products?$filter=SupplierCode eq 'O''NEIL'&$select=ProductID,SupplierCode
SELECT "ProductID", "SupplierCode" FROM "products" WHERE "SupplierCode" = :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string O'NEIL
  2: int64 2001

-- 151 products?$filter=SupplierCode eq null&$select=ProductID,SupplierCode
SELECT "ProductID", "SupplierCode" FROM "products" WHERE "SupplierCode" IS NULL ORDER BY "ProductID" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 152 products?$filter=CategoryID in (1,2,3)&$count=true&$select=ProductID,CategoryID
SELECT "ProductID", "CategoryID" FROM "products" WHERE ("CategoryID" IN (:1, :2, :3)) ORDER BY "ProductID" FETCH NEXT :4 ROWS ONLY
  1: int64 1
  2: int64 2
  3: int64 3
  4: int64 2001
count: SELECT COUNT(*) FROM "products" WHERE ("CategoryID" IN (:1, :2, :3))
  3 args

-- 153 products?$filter=CategoryID in (null,16)&$select=ProductID,CategoryID
SELECT "ProductID", "CategoryID" FROM "products" WHERE ("CategoryID" IN (:1) OR "CategoryID" IS NULL) ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: int64 16
  2: int64 2001

-- 154 products?$filter=round(Weight) eq 13&$select=ProductID,Weight
SELECT "ProductID", "Weight" FROM "products" WHERE ROUND(CAST("Weight" AS NUMBER)) = :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: float64 13
  2: int64 2001

-- 155 products?$filter=round(Weight) sub Weight eq 0.5&$select=ProductID,Weight
SELECT "ProductID", "Weight" FROM "products" WHERE (ROUND(CAST("Weight" AS NUMBER)) - "Weight") = :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: float64 0.5
  2: int64 2001

-- 156 products?$filter=floor(Weight) eq 3 or ceiling(Weight) eq 1&$select=ProductID,Weight
SELECT "ProductID", "Weight" FROM "products" WHERE (FLOOR("Weight") = :1 OR CEIL("Weight") = :2) ORDER BY "ProductID" FETCH NEXT :3 ROWS ONLY
  1: float64 3
  2: float64 1
  3: int64 2001

-- 157 products?$filter=round(UnitPrice) eq 100&$select=ProductID,UnitPrice
SELECT "ProductID", "UnitPrice" FROM "products" WHERE ROUND("UnitPrice") = TO_NUMBER(:1, '999', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string 100
  2: int64 2001

-- 158 products?$filter=floor(UnitPrice) eq 0 or ceiling(UnitPrice) eq 1&$select=ProductID,UnitPrice
SELECT "ProductID", "UnitPrice" FROM "products" WHERE (FLOOR("UnitPrice") = TO_NUMBER(:1, '9', 'NLS_NUMERIC_CHARACTERS=''.,''') OR CEIL("UnitPrice") = TO_NUMBER(:2, '9', 'NLS_NUMERIC_CHARACTERS=''.,''')) ORDER BY "ProductID" FETCH NEXT :3 ROWS ONLY
  1: string 0
  2: string 1
  3: int64 2001

-- 159 products?$filter=Thumbnail eq null&$select=ProductID
SELECT "ProductID" FROM "products" WHERE "Thumbnail" IS NULL ORDER BY "ProductID" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 160 products?$filter=Thumbnail ne null&$select=ProductID,Thumbnail&$top=5
SELECT "ProductID", "Thumbnail" FROM "products" WHERE "Thumbnail" IS NOT NULL ORDER BY "ProductID" FETCH NEXT :1 ROWS ONLY
  1: int64 5

-- 161 products?$filter=contains(Description,'naïve')&$select=ProductID
SELECT "ProductID" FROM "products" WHERE "Description" LIKE :1 ESCAPE '!' ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string %naïve%
  2: int64 2001

-- 162 products?$filter=contains(Description,'日本語') and length(Description) gt 2000&$select=ProductID
SELECT "ProductID" FROM "products" WHERE ("Description" LIKE :1 ESCAPE '!' AND LENGTH("Description") > :2) ORDER BY "ProductID" FETCH NEXT :3 ROWS ONLY
  1: string %日本語%
  2: int64 2000
  3: int64 2001

-- 163 products?$filter=contains(ProductName,'ß')&$select=ProductID,ProductName
SELECT "ProductID", "ProductName" FROM "products" WHERE "ProductName" LIKE :1 ESCAPE '!' ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string %ß%
  2: int64 2001

-- 164 products?$filter=toupper(ProductName) eq 'WEIßWURST'&$select=ProductID,ProductName
SELECT "ProductID", "ProductName" FROM "products" WHERE UPPER("ProductName") = :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string WEIßWURST
  2: int64 2001

-- 165 products?$filter=tolower(ProductName) eq 'crème brûlée'&$select=ProductID,ProductName
SELECT "ProductID", "ProductName" FROM "products" WHERE LOWER("ProductName") = :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string crème brûlée
  2: int64 2001

-- 166 products?$filter=startswith(ProductName,'Größe')&$select=ProductID,ProductName
SELECT "ProductID", "ProductName" FROM "products" WHERE "ProductName" LIKE :1 ESCAPE '!' ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string Größe%
  2: int64 2001

-- 167 products?$filter=indexof(ProductName,'Matcha') eq 2&$select=ProductID,ProductName
SELECT "ProductID", "ProductName" FROM "products" WHERE (INSTR("ProductName", :1) - 1) = :2 ORDER BY "ProductID" FETCH NEXT :3 ROWS ONLY
  1: string Matcha
  2: int64 2
  3: int64 2001

-- 168 products?$filter=length(ProductName) eq 13 and endswith(ProductName,'🚀')&$select=ProductID,ProductName
SELECT "ProductID", "ProductName" FROM "products" WHERE (LENGTH("ProductName") = :1 AND "ProductName" LIKE :2 ESCAPE '!') ORDER BY "ProductID" FETCH NEXT :3 ROWS ONLY
  1: int64 13
  2: string %🚀
  3: int64 2001

-- 169 products?$filter=tolower(ProductName) eq 'chai'&$select=ProductID,ProductName
SELECT "ProductID", "ProductName" FROM "products" WHERE LOWER("ProductName") = :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: string chai
  2: int64 2001

-- 170 products?$orderby=UnitPrice desc,ProductName&$top=25&$select=ProductID,UnitPrice,ProductName
SELECT "ProductID", "UnitPrice", "ProductName" FROM "products" ORDER BY "UnitPrice" DESC, "ProductName", "ProductID" FETCH NEXT :1 ROWS ONLY
  1: int64 25

-- 171 products?$orderby=Weight&$top=20&$select=ProductID,Weight
SELECT "ProductID", "Weight" FROM "products" ORDER BY "Weight" NULLS FIRST, "ProductID" FETCH NEXT :1 ROWS ONLY
  1: int64 20

-- 172 products?$orderby=Weight desc&$top=20&$skip=250&$select=ProductID,Weight
SELECT "ProductID", "Weight" FROM "products" ORDER BY "Weight" DESC NULLS LAST, "ProductID" OFFSET :1 ROWS FETCH NEXT :2 ROWS ONLY
  1: int64 250
  2: int64 20

-- 173 products?$orderby=Length desc,UnitsInStock&$select=ProductID,Length,UnitsInStock&$top=40
SELECT "ProductID", "Length", "UnitsInStock" FROM "products" ORDER BY "Length" DESC NULLS LAST, "UnitsInStock" NULLS FIRST, "ProductID" FETCH NEXT :1 ROWS ONLY
  1: int64 40

-- 174 products?$orderby=ProductName&$select=ProductID,ProductName
SELECT "ProductID", "ProductName" FROM "products" ORDER BY "ProductName", "ProductID" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 175 products?$orderby=length(ProductName) desc&$top=10&$select=ProductID,ProductName
SELECT "ProductID", "ProductName" FROM "products" ORDER BY LENGTH("ProductName") DESC, "ProductID" FETCH NEXT :1 ROWS ONLY
  1: int64 10

-- 176 products?$orderby=UnitsInStock mod 10,ProductID desc&$top=15&$select=ProductID,UnitsInStock
SELECT "ProductID", "UnitsInStock" FROM "products" ORDER BY MOD("UnitsInStock", NULLIF(:1, 0)) NULLS FIRST, "ProductID" DESC FETCH NEXT :2 ROWS ONLY
  1: int64 10
  2: int64 15

-- 177 products?$search=chai&$select=ProductID,ProductName
SELECT "ProductID", "ProductName" FROM "products" WHERE (LOWER("ProductName") LIKE LOWER(:1) ESCAPE '!' OR LOWER("SupplierCode") LIKE LOWER(:2) ESCAPE '!' OR LOWER("QuantityPerUnit") LIKE LOWER(:3) ESCAPE '!' OR LOWER("Description") LIKE LOWER(:4) ESCAPE '!') ORDER BY "ProductID" FETCH NEXT :5 ROWS ONLY
  1: string %chai%
  2: string %chai%
  3: string %chai%
  4: string %chai%
  5: int64 2001

-- 178 products?$search="trailing tea"&$select=ProductID
SELECT "ProductID" FROM "products" WHERE (LOWER("ProductName") LIKE LOWER(:1) ESCAPE '!' OR LOWER("SupplierCode") LIKE LOWER(:2) ESCAPE '!' OR LOWER("QuantityPerUnit") LIKE LOWER(:3) ESCAPE '!' OR LOWER("Description") LIKE LOWER(:4) ESCAPE '!') ORDER BY "ProductID" FETCH NEXT :5 ROWS ONLY
  1: string %trailing tea%
  2: string %trailing tea%
  3: string %trailing tea%
  4: string %trailing tea%
  5: int64 2001

-- 179 products?$search=🚀&$select=ProductID
SELECT "ProductID" FROM "products" WHERE (LOWER("ProductName") LIKE LOWER(:1) ESCAPE '!' OR LOWER("SupplierCode") LIKE LOWER(:2) ESCAPE '!' OR LOWER("QuantityPerUnit") LIKE LOWER(:3) ESCAPE '!' OR LOWER("Description") LIKE LOWER(:4) ESCAPE '!') ORDER BY "ProductID" FETCH NEXT :5 ROWS ONLY
  1: string %🚀%
  2: string %🚀%
  3: string %🚀%
  4: string %🚀%
  5: int64 2001

-- 180 products?$search=Größe&$select=ProductID
SELECT "ProductID" FROM "products" WHERE (LOWER("ProductName") LIKE LOWER(:1) ESCAPE '!' OR LOWER("SupplierCode") LIKE LOWER(:2) ESCAPE '!' OR LOWER("QuantityPerUnit") LIKE LOWER(:3) ESCAPE '!' OR LOWER("Description") LIKE LOWER(:4) ESCAPE '!') ORDER BY "ProductID" FETCH NEXT :5 ROWS ONLY
  1: string %Größe%
  2: string %Größe%
  3: string %Größe%
  4: string %Größe%
  5: int64 2001

-- 181 products?$search=syrup OR mustard!&$count=true&$select=ProductID
SELECT "ProductID" FROM "products" WHERE ((LOWER("ProductName") LIKE LOWER(:1) ESCAPE '!' OR LOWER("SupplierCode") LIKE LOWER(:2) ESCAPE '!' OR LOWER("QuantityPerUnit") LIKE LOWER(:3) ESCAPE '!' OR LOWER("Description") LIKE LOWER(:4) ESCAPE '!') OR (LOWER("ProductName") LIKE LOWER(:5) ESCAPE '!' OR LOWER("SupplierCode") LIKE LOWER(:6) ESCAPE '!' OR LOWER("QuantityPerUnit") LIKE LOWER(:7) ESCAPE '!' OR LOWER("Description") LIKE LOWER(:8) ESCAPE '!')) ORDER BY "ProductID" FETCH NEXT :9 ROWS ONLY
  1: string %syrup%
  2: string %syrup%
  3: string %syrup%
  4: string %syrup%
  5: string %mustard!!%
  6: string %mustard!!%
  7: string %mustard!!%
  8: string %mustard!!%
  9: int64 2001
count: SELECT COUNT(*) FROM "products" WHERE ((LOWER("ProductName") LIKE LOWER(:1) ESCAPE '!' OR LOWER("SupplierCode") LIKE LOWER(:2) ESCAPE '!' OR LOWER("QuantityPerUnit") LIKE LOWER(:3) ESCAPE '!' OR LOWER("Description") LIKE LOWER(:4) ESCAPE '!') OR (LOWER("ProductName") LIKE LOWER(:5) ESCAPE '!' OR LOWER("SupplierCode") LIKE LOWER(:6) ESCAPE '!' OR LOWER("QuantityPerUnit") LIKE LOWER(:7) ESCAPE '!' OR LOWER("Description") LIKE LOWER(:8) ESCAPE '!'))
  8 args

-- 182 orders?$filter=Year eq 2020&$count=true&$top=3
SELECT "OrderNo", "CustomerCode", "EmployeeName", "OrderDate", "RequiredDate", "Shipped", "Freight", "ShipName", "ShipCity", "ShipCountry", "Year", "CurrencyCode", "Comment" FROM "orders" WHERE "Year" = :1 ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: int64 2020
  2: int64 3
count: SELECT COUNT(*) FROM "orders" WHERE "Year" = :1
  1 args

-- 183 orders?$filter=year(OrderDate) eq Year&$count=true&$top=1
SELECT "OrderNo", "CustomerCode", "EmployeeName", "OrderDate", "RequiredDate", "Shipped", "Freight", "ShipName", "ShipCity", "ShipCountry", "Year", "CurrencyCode", "Comment" FROM "orders" WHERE EXTRACT(YEAR FROM CAST("OrderDate" AS TIMESTAMP)) = "Year" ORDER BY "OrderNo" FETCH NEXT :1 ROWS ONLY
  1: int64 1
count: SELECT COUNT(*) FROM "orders" WHERE EXTRACT(YEAR FROM CAST("OrderDate" AS TIMESTAMP)) = "Year"
  0 args

-- 184 orders?$filter=year(OrderDate) ne Year&$count=true
SELECT "OrderNo", "CustomerCode", "EmployeeName", "OrderDate", "RequiredDate", "Shipped", "Freight", "ShipName", "ShipCity", "ShipCountry", "Year", "CurrencyCode", "Comment" FROM "orders" WHERE EXTRACT(YEAR FROM CAST("OrderDate" AS TIMESTAMP)) <> "Year" ORDER BY "OrderNo" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "orders" WHERE EXTRACT(YEAR FROM CAST("OrderDate" AS TIMESTAMP)) <> "Year"
  0 args

-- 185 orders?$filter=OrderDate eq 2020-02-29
SELECT "OrderNo", "CustomerCode", "EmployeeName", "OrderDate", "RequiredDate", "Shipped", "Freight", "ShipName", "ShipCity", "ShipCountry", "Year", "CurrencyCode", "Comment" FROM "orders" WHERE "OrderDate" = TO_DATE(:1, 'YYYY-MM-DD') ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: string 2020-02-29
  2: int64 2001

-- 186 orders?$filter=month(OrderDate) eq 2 and day(OrderDate) eq 29&$select=OrderNo,OrderDate
SELECT "OrderNo", "OrderDate" FROM "orders" WHERE (EXTRACT(MONTH FROM CAST("OrderDate" AS TIMESTAMP)) = :1 AND EXTRACT(DAY FROM CAST("OrderDate" AS TIMESTAMP)) = :2) ORDER BY "OrderNo" FETCH NEXT :3 ROWS ONLY
  1: int64 2
  2: int64 29
  3: int64 2001

-- 187 orders?$filter=OrderDate lt 2019-01-10&$select=OrderNo,OrderDate
SELECT "OrderNo", "OrderDate" FROM "orders" WHERE "OrderDate" < TO_DATE(:1, 'YYYY-MM-DD') ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: string 2019-01-10
  2: int64 2001

-- 188 orders?$filter=Shipped eq null&$count=true&$select=OrderNo,Shipped
SELECT "OrderNo", "Shipped" FROM "orders" WHERE "Shipped" IS NULL ORDER BY "OrderNo" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "orders" WHERE "Shipped" IS NULL
  0 args

-- 189 orders?$filter=Shipped ne null and Shipped lt 2019-01-20T00:00:00+02:00&$select=OrderNo,Shipped
error 400 InvalidFilter: $filter: date-time literal needs 'Z' or an offset such as +01:00 at position 50

-- 190 orders?$filter=Shipped lt 2019-01-15T00:00:00Z&$select=OrderNo,Shipped
SELECT "OrderNo", "Shipped" FROM "orders" WHERE "Shipped" < :1 ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: time.Time 2019-01-15 00:00:00 +0000 UTC
  2: int64 2001

-- 191 orders?$filter=Shipped ge datetime'2024-12-20T00:00:00'&$select=OrderNo,Shipped
SELECT "OrderNo", "Shipped" FROM "orders" WHERE "Shipped" >= :1 ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: time.Time 2024-12-20 00:00:00 +0000 UTC
  2: int64 2001

-- 192 orders?$filter=Shipped gt 2024-12-24T23:00:00-01:00&$select=OrderNo,Shipped
SELECT "OrderNo", "Shipped" FROM "orders" WHERE "Shipped" > :1 ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: time.Time 2024-12-25 00:00:00 +0000 UTC
  2: int64 2001

-- 193 orders?$filter=Shipped lt 2019-02-01&$select=OrderNo,Shipped
SELECT "OrderNo", "Shipped" FROM "orders" WHERE "Shipped" < :1 ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: time.Time 2019-02-01 00:00:00 +0000 UTC
  2: int64 2001

-- 194 orders?$filter=hour(Shipped) eq 0&$select=OrderNo,Shipped
SELECT "OrderNo", "Shipped" FROM "orders" WHERE EXTRACT(HOUR FROM SYS_EXTRACT_UTC("Shipped")) = :1 ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: int64 0
  2: int64 2001

-- 195 orders?$filter=not (Shipped lt 2024-06-01T00:00:00Z)&$count=true&$select=OrderNo,Shipped
SELECT "OrderNo", "Shipped" FROM "orders" WHERE NOT (("Shipped" IS NOT NULL AND "Shipped" < :1)) ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: time.Time 2024-06-01 00:00:00 +0000 UTC
  2: int64 2001
count: SELECT COUNT(*) FROM "orders" WHERE NOT (("Shipped" IS NOT NULL AND "Shipped" < :1))
  1 args

-- 196 orders?$filter=date(Shipped) eq OrderDate&$count=true&$select=OrderNo,OrderDate,Shipped
SELECT "OrderNo", "OrderDate", "Shipped" FROM "orders" WHERE TRUNC(SYS_EXTRACT_UTC("Shipped")) = "OrderDate" ORDER BY "OrderNo" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "orders" WHERE TRUNC(SYS_EXTRACT_UTC("Shipped")) = "OrderDate"
  0 args

-- 197 orders?$filter=date(Shipped) gt RequiredDate&$select=OrderNo,RequiredDate,Shipped
SELECT "OrderNo", "RequiredDate", "Shipped" FROM "orders" WHERE TRUNC(SYS_EXTRACT_UTC("Shipped")) > "RequiredDate" ORDER BY "OrderNo" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 198 orders?$filter=RequiredDate eq null&$count=true&$select=OrderNo
SELECT "OrderNo" FROM "orders" WHERE "RequiredDate" IS NULL ORDER BY "OrderNo" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "orders" WHERE "RequiredDate" IS NULL
  0 args

-- 199 orders?$filter=Shipped lt now()&$count=true&$top=2
SELECT "OrderNo", "CustomerCode", "EmployeeName", "OrderDate", "RequiredDate", "Shipped", "Freight", "ShipName", "ShipCity", "ShipCountry", "Year", "CurrencyCode", "Comment" FROM "orders" WHERE "Shipped" < SYSTIMESTAMP ORDER BY "OrderNo" FETCH NEXT :1 ROWS ONLY
  1: int64 2
count: SELECT COUNT(*) FROM "orders" WHERE "Shipped" < SYSTIMESTAMP
  0 args

-- 200 orders?$filter=Freight gt 999&$select=OrderNo,Freight
SELECT "OrderNo", "Freight" FROM "orders" WHERE "Freight" > TO_NUMBER(:1, '999', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: string 999
  2: int64 2001

-- 201 orders?$filter=Freight eq null&$select=OrderNo,Freight
SELECT "OrderNo", "Freight" FROM "orders" WHERE "Freight" IS NULL ORDER BY "OrderNo" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 202 orders?$filter=Freight divby 4 gt 249.5&$select=OrderNo,Freight
SELECT "OrderNo", "Freight" FROM "orders" WHERE ("Freight" / :1) > TO_NUMBER(:2, '999D9', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "OrderNo" FETCH NEXT :3 ROWS ONLY
  1: int64 4
  2: string 249.5
  3: int64 2001

-- 203 orders?$filter=Freight mod 1 eq 0&$select=OrderNo,Freight
SELECT "OrderNo", "Freight" FROM "orders" WHERE MOD("Freight", NULLIF(:1, 0)) = TO_NUMBER(:2, '9', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "OrderNo" FETCH NEXT :3 ROWS ONLY
  1: int64 1
  2: string 0
  3: int64 2001

-- 204 orders?$filter=EmployeeName eq 'King'&$count=true&$select=OrderNo
SELECT "OrderNo" FROM "orders" WHERE "EmployeeName" = :1 ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: string King
  2: int64 2001
count: SELECT COUNT(*) FROM "orders" WHERE "EmployeeName" = :1
  1 args

-- 205 orders?$filter=EmployeeName ne 'King'&$count=true&$select=OrderNo
SELECT "OrderNo" FROM "orders" WHERE ("EmployeeName" <> :1 OR "EmployeeName" IS NULL) ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: string King
  2: int64 2001
count: SELECT COUNT(*) FROM "orders" WHERE ("EmployeeName" <> :1 OR "EmployeeName" IS NULL)
  1 args

-- 206 orders?$filter=EmployeeName eq ''&$select=OrderNo,EmployeeName
SELECT "OrderNo", "EmployeeName" FROM "orders" WHERE 1=0 ORDER BY "OrderNo" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 207 orders?$filter=ShipCity eq 'München'&$select=OrderNo,ShipCity
SELECT "OrderNo", "ShipCity" FROM "orders" WHERE "ShipCity" = :1 ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: string München
  2: int64 2001

-- 208 orders?$filter=ShipCity eq '東京'&$select=OrderNo,ShipCity
SELECT "OrderNo", "ShipCity" FROM "orders" WHERE "ShipCity" = :1 ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: string 東京
  2: int64 2001

-- 209 orders?$filter=startswith(ShipCity,'Z')&$select=OrderNo,ShipCity
SELECT "OrderNo", "ShipCity" FROM "orders" WHERE "ShipCity" LIKE :1 ESCAPE '!' ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: string Z%
  2: int64 2001

-- 210 orders?$filter=ShipCountry in ('Germany','Österreich')&$count=true&$select=OrderNo,ShipCountry
SELECT "OrderNo", "ShipCountry" FROM "orders" WHERE ("ShipCountry" = :1 OR "ShipCountry" = :2) ORDER BY "OrderNo" FETCH NEXT :3 ROWS ONLY
  1: string Germany
  2: string Österreich
  3: int64 2001
count: SELECT COUNT(*) FROM "orders" WHERE ("ShipCountry" = :1 OR "ShipCountry" = :2)
  2 args

-- 211 orders?$filter=contains(Comment,'100%')&$select=OrderNo
error 400 InvalidQueryOption: $filter: invalid percent-encoding at position 21

-- 212 orders?$filter=contains(Comment,'under_score')&$select=OrderNo
SELECT "OrderNo" FROM "orders" WHERE "Comment" LIKE :1 ESCAPE '!' ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: string %under!_score%
  2: int64 2001

-- 213 orders?$filter=contains(Comment,'''quoted''')&$select=OrderNo
SELECT "OrderNo" FROM "orders" WHERE "Comment" LIKE :1 ESCAPE '!' ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: string %'quoted'%
  2: int64 2001

-- 214 orders?$filter=contains(Comment,'back\slash')&$select=OrderNo
SELECT "OrderNo" FROM "orders" WHERE "Comment" LIKE :1 ESCAPE '!' ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: string %back\slash%
  2: int64 2001

-- 215 orders?$filter=CurrencyCode eq 'EUR' and Freight gt 500&$select=OrderNo,Freight
SELECT "OrderNo", "Freight" FROM "orders" WHERE ("CurrencyCode" = :1 AND "Freight" > TO_NUMBER(:2, '999', 'NLS_NUMERIC_CHARACTERS=''.,''')) ORDER BY "OrderNo" FETCH NEXT :3 ROWS ONLY
  1: string EUR
  2: string 500
  3: int64 2001

-- 216 orders?$filter=(Year eq 2019 or Year eq 2020) and Shipped eq null&$select=OrderNo
SELECT "OrderNo" FROM "orders" WHERE (("Year" = :1 OR "Year" = :2) AND "Shipped" IS NULL) ORDER BY "OrderNo" FETCH NEXT :3 ROWS ONLY
  1: int64 2019
  2: int64 2020
  3: int64 2001

-- 217 orders?$filter=Year eq 2019 or Year eq 2020 and Shipped eq null&$count=true&$select=OrderNo
SELECT "OrderNo" FROM "orders" WHERE ("Year" = :1 OR ("Year" = :2 AND "Shipped" IS NULL)) ORDER BY "OrderNo" FETCH NEXT :3 ROWS ONLY
  1: int64 2019
  2: int64 2020
  3: int64 2001
count: SELECT COUNT(*) FROM "orders" WHERE ("Year" = :1 OR ("Year" = :2 AND "Shipped" IS NULL))
  2 args

-- 218 orders?$filter=not (Year eq 2019) and not (Year eq 2020)&$count=true&$select=OrderNo
SELECT "OrderNo" FROM "orders" WHERE (NOT ("Year" = :1) AND NOT ("Year" = :2)) ORDER BY "OrderNo" FETCH NEXT :3 ROWS ONLY
  1: int64 2019
  2: int64 2020
  3: int64 2001
count: SELECT COUNT(*) FROM "orders" WHERE (NOT ("Year" = :1) AND NOT ("Year" = :2))
  2 args

-- 219 orders?$filter=not (Year eq 2019 or Freight gt 10)&$count=true&$select=OrderNo,Freight
SELECT "OrderNo", "Freight" FROM "orders" WHERE NOT (("Year" = :1 OR ("Freight" IS NOT NULL AND "Freight" > TO_NUMBER(:2, '99', 'NLS_NUMERIC_CHARACTERS=''.,''')))) ORDER BY "OrderNo" FETCH NEXT :3 ROWS ONLY
  1: int64 2019
  2: string 10
  3: int64 2001
count: SELECT COUNT(*) FROM "orders" WHERE NOT (("Year" = :1 OR ("Freight" IS NOT NULL AND "Freight" > TO_NUMBER(:2, '99', 'NLS_NUMERIC_CHARACTERS=''.,'''))))
  2 args

-- 220 orders?$orderby=Shipped&$top=30&$select=OrderNo,Shipped
SELECT "OrderNo", "Shipped" FROM "orders" ORDER BY "Shipped" NULLS FIRST, "OrderNo" FETCH NEXT :1 ROWS ONLY
  1: int64 30

-- 221 orders?$orderby=Shipped desc&$skip=900&$select=OrderNo,Shipped
SELECT "OrderNo", "Shipped" FROM "orders" ORDER BY "Shipped" DESC NULLS LAST, "OrderNo" OFFSET :1 ROWS FETCH NEXT :2 ROWS ONLY
  1: int64 900
  2: int64 2001

-- 222 orders?$orderby=Freight desc,OrderNo desc&$top=15&$select=OrderNo,Freight
SELECT "OrderNo", "Freight" FROM "orders" ORDER BY "Freight" DESC NULLS LAST, "OrderNo" DESC FETCH NEXT :1 ROWS ONLY
  1: int64 15

-- 223 orders?$orderby=ShipCountry,ShipCity&$select=OrderNo,ShipCountry,ShipCity&$top=100
SELECT "OrderNo", "ShipCountry", "ShipCity" FROM "orders" ORDER BY "ShipCountry" NULLS FIRST, "ShipCity" NULLS FIRST, "OrderNo" FETCH NEXT :1 ROWS ONLY
  1: int64 100

-- 224 orders?$orderby=EmployeeName desc&$select=OrderNo,EmployeeName&$filter=Year eq 2021
SELECT "OrderNo", "EmployeeName" FROM "orders" WHERE "Year" = :1 ORDER BY "EmployeeName" DESC NULLS LAST, "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: int64 2021
  2: int64 2001

-- 225 orders?$orderby=Year desc,OrderDate&$top=50&$skip=10&$count=true
SELECT "OrderNo", "CustomerCode", "EmployeeName", "OrderDate", "RequiredDate", "Shipped", "Freight", "ShipName", "ShipCity", "ShipCountry", "Year", "CurrencyCode", "Comment" FROM "orders" ORDER BY "Year" DESC, "OrderDate", "OrderNo" OFFSET :1 ROWS FETCH NEXT :2 ROWS ONLY
  1: int64 10
  2: int64 50
count: SELECT COUNT(*) FROM "orders"
  0 args

-- 226 orders?$orderby=RequiredDate,Shipped desc&$top=25&$select=OrderNo,RequiredDate,Shipped
SELECT "OrderNo", "RequiredDate", "Shipped" FROM "orders" ORDER BY "RequiredDate" NULLS FIRST, "Shipped" DESC NULLS LAST, "OrderNo" FETCH NEXT :1 ROWS ONLY
  1: int64 25

-- 227 orders?$search=King&$count=true&$top=3&$select=OrderNo,EmployeeName
SELECT "OrderNo", "EmployeeName" FROM "orders" WHERE (LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("EmployeeName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ShipName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ShipCity") LIKE LOWER(:4) ESCAPE '!' OR LOWER("ShipCountry") LIKE LOWER(:5) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:6) ESCAPE '!' OR LOWER("Comment") LIKE LOWER(:7) ESCAPE '!') ORDER BY "OrderNo" FETCH NEXT :8 ROWS ONLY
  1: string %King%
  2: string %King%
  3: string %King%
  4: string %King%
  5: string %King%
  6: string %King%
  7: string %King%
  8: int64 3
count: SELECT COUNT(*) FROM "orders" WHERE (LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("EmployeeName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ShipName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ShipCity") LIKE LOWER(:4) ESCAPE '!' OR LOWER("ShipCountry") LIKE LOWER(:5) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:6) ESCAPE '!' OR LOWER("Comment") LIKE LOWER(:7) ESCAPE '!')
  7 args

-- 228 orders?$search="'quoted'" AND labore&$select=OrderNo
SELECT "OrderNo" FROM "orders" WHERE ((LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("EmployeeName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ShipName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ShipCity") LIKE LOWER(:4) ESCAPE '!' OR LOWER("ShipCountry") LIKE LOWER(:5) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:6) ESCAPE '!' OR LOWER("Comment") LIKE LOWER(:7) ESCAPE '!') AND (LOWER("CustomerCode") LIKE LOWER(:8) ESCAPE '!' OR LOWER("EmployeeName") LIKE LOWER(:9) ESCAPE '!' OR LOWER("ShipName") LIKE LOWER(:10) ESCAPE '!' OR LOWER("ShipCity") LIKE LOWER(:11) ESCAPE '!' OR LOWER("ShipCountry") LIKE LOWER(:12) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:13) ESCAPE '!' OR LOWER("Comment") LIKE LOWER(:14) ESCAPE '!')) ORDER BY "OrderNo" FETCH NEXT :15 ROWS ONLY
  1: string %'quoted'%
  2: string %'quoted'%
  3: string %'quoted'%
  4: string %'quoted'%
  5: string %'quoted'%
  6: string %'quoted'%
  7: string %'quoted'%
  8: string %labore%
  9: string %labore%
  10: string %labore%
  11: string %labore%
  12: string %labore%
  13: string %labore%
  14: string %labore%
  15: int64 2001

-- 229 Order_Lines?$filter=OrderNo eq 10248
SELECT "OrderNo", "LineNo", "ProductID", "Quantity", "UnitPrice", "Discount", "Note" FROM "Order Lines" WHERE "OrderNo" = :1 ORDER BY "OrderNo", "LineNo" FETCH NEXT :2 ROWS ONLY
  1: int64 10248
  2: int64 2001

-- 230 Order_Lines?$filter=OrderNo eq 10248 and LineNo eq 20
SELECT "OrderNo", "LineNo", "ProductID", "Quantity", "UnitPrice", "Discount", "Note" FROM "Order Lines" WHERE ("OrderNo" = :1 AND "LineNo" = :2) ORDER BY "OrderNo", "LineNo" FETCH NEXT :3 ROWS ONLY
  1: int64 10248
  2: int64 20
  3: int64 2001

-- 231 Order_Lines?$filter=LineNo gt 80&$count=true&$top=10
SELECT "OrderNo", "LineNo", "ProductID", "Quantity", "UnitPrice", "Discount", "Note" FROM "Order Lines" WHERE "LineNo" > :1 ORDER BY "OrderNo", "LineNo" FETCH NEXT :2 ROWS ONLY
  1: int64 80
  2: int64 10
count: SELECT COUNT(*) FROM "Order Lines" WHERE "LineNo" > :1
  1 args

-- 232 Order_Lines?$filter=Discount eq 0.25&$count=true&$top=5
SELECT "OrderNo", "LineNo", "ProductID", "Quantity", "UnitPrice", "Discount", "Note" FROM "Order Lines" WHERE "Discount" = :1 ORDER BY "OrderNo", "LineNo" FETCH NEXT :2 ROWS ONLY
  1: float64 0.25
  2: int64 5
count: SELECT COUNT(*) FROM "Order Lines" WHERE "Discount" = :1
  1 args

-- 233 Order_Lines?$filter=Discount gt 0.1 and OrderNo lt 10300&$select=OrderNo,LineNo,Discount
SELECT "OrderNo", "LineNo", "Discount" FROM "Order Lines" WHERE ("Discount" > :1 AND "OrderNo" < :2) ORDER BY "OrderNo", "LineNo" FETCH NEXT :3 ROWS ONLY
  1: float64 0.1
  2: int64 10300
  3: int64 2001

-- 234 Order_Lines?$filter=Quantity mul UnitPrice gt 3000000&$select=OrderNo,LineNo,Quantity,UnitPrice
SELECT "OrderNo", "LineNo", "Quantity", "UnitPrice" FROM "Order Lines" WHERE ("Quantity" * "UnitPrice") > TO_NUMBER(:1, '9999999', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "OrderNo", "LineNo" FETCH NEXT :2 ROWS ONLY
  1: string 3000000
  2: int64 2001

-- 235 Order_Lines?$filter=Quantity mod 10 eq 0 and LineNo mod 20 eq 0 and OrderNo lt 10400&$select=OrderNo,LineNo,Quantity
SELECT "OrderNo", "LineNo", "Quantity" FROM "Order Lines" WHERE ((MOD("Quantity", NULLIF(:1, 0)) = :2 AND MOD("LineNo", NULLIF(:3, 0)) = :4) AND "OrderNo" < :5) ORDER BY "OrderNo", "LineNo" FETCH NEXT :6 ROWS ONLY
  1: int64 10
  2: int64 0
  3: int64 20
  4: int64 0
  5: int64 10400
  6: int64 2001

-- 236 Order_Lines?$filter=Quantity div 10 eq 11&$count=true&$select=OrderNo,LineNo,Quantity
SELECT "OrderNo", "LineNo", "Quantity" FROM "Order Lines" WHERE TRUNC("Quantity" / :1) = :2 ORDER BY "OrderNo", "LineNo" FETCH NEXT :3 ROWS ONLY
  1: int64 10
  2: int64 11
  3: int64 2001
count: SELECT COUNT(*) FROM "Order Lines" WHERE TRUNC("Quantity" / :1) = :2
  2 args

-- 237 Order_Lines?$filter=Note eq 'rush!'&$count=true&$select=OrderNo,LineNo,Note
SELECT "OrderNo", "LineNo", "Note" FROM "Order Lines" WHERE "Note" = :1 ORDER BY "OrderNo", "LineNo" FETCH NEXT :2 ROWS ONLY
  1: string rush!
  2: int64 2001
count: SELECT COUNT(*) FROM "Order Lines" WHERE "Note" = :1
  1 args

-- 238 Order_Lines?$filter=contains(Note,'%')&$count=true&$select=OrderNo,LineNo,Note
error 400 InvalidQueryOption: $filter: invalid percent-encoding at position 15

-- 239 Order_Lines?$filter=contains(Note,'_')&$count=true&$select=OrderNo,LineNo,Note
SELECT "OrderNo", "LineNo", "Note" FROM "Order Lines" WHERE "Note" LIKE :1 ESCAPE '!' ORDER BY "OrderNo", "LineNo" FETCH NEXT :2 ROWS ONLY
  1: string %!_%
  2: int64 2001
count: SELECT COUNT(*) FROM "Order Lines" WHERE "Note" LIKE :1 ESCAPE '!'
  1 args

-- 240 Order_Lines?$filter=Note eq 'it''s fragile'&$count=true&$top=5
SELECT "OrderNo", "LineNo", "ProductID", "Quantity", "UnitPrice", "Discount", "Note" FROM "Order Lines" WHERE "Note" = :1 ORDER BY "OrderNo", "LineNo" FETCH NEXT :2 ROWS ONLY
  1: string it's fragile
  2: int64 5
count: SELECT COUNT(*) FROM "Order Lines" WHERE "Note" = :1
  1 args

-- 241 Order_Lines?$filter=contains(Note,'\')&$count=true&$select=OrderNo,LineNo,Note
SELECT "OrderNo", "LineNo", "Note" FROM "Order Lines" WHERE "Note" LIKE :1 ESCAPE '!' ORDER BY "OrderNo", "LineNo" FETCH NEXT :2 ROWS ONLY
  1: string %\%
  2: int64 2001
count: SELECT COUNT(*) FROM "Order Lines" WHERE "Note" LIKE :1 ESCAPE '!'
  1 args

-- 242 Order_Lines?$filter=Note eq 'Größe M'&$count=true&$select=OrderNo,LineNo
SELECT "OrderNo", "LineNo" FROM "Order Lines" WHERE "Note" = :1 ORDER BY "OrderNo", "LineNo" FETCH NEXT :2 ROWS ONLY
  1: string Größe M
  2: int64 2001
count: SELECT COUNT(*) FROM "Order Lines" WHERE "Note" = :1
  1 args

-- 243 Order_Lines?$filter=Note eq '急ぎ' and OrderNo lt 10500&$select=OrderNo,LineNo,Note
SELECT "OrderNo", "LineNo", "Note" FROM "Order Lines" WHERE ("Note" = :1 AND "OrderNo" < :2) ORDER BY "OrderNo", "LineNo" FETCH NEXT :3 ROWS ONLY
  1: string 急ぎ
  2: int64 10500
  3: int64 2001

-- 244 Order_Lines?$filter=startswith(Note,'🚀')&$count=true&$top=3
SELECT "OrderNo", "LineNo", "ProductID", "Quantity", "UnitPrice", "Discount", "Note" FROM "Order Lines" WHERE "Note" LIKE :1 ESCAPE '!' ORDER BY "OrderNo", "LineNo" FETCH NEXT :2 ROWS ONLY
  1: string 🚀%
  2: int64 3
count: SELECT COUNT(*) FROM "Order Lines" WHERE "Note" LIKE :1 ESCAPE '!'
  1 args

-- 245 Order_Lines?$filter=Note ne 'gift wrap' and OrderNo lt 10260&$select=OrderNo,LineNo,Note
SELECT "OrderNo", "LineNo", "Note" FROM "Order Lines" WHERE (("Note" <> :1 OR "Note" IS NULL) AND "OrderNo" < :2) ORDER BY "OrderNo", "LineNo" FETCH NEXT :3 ROWS ONLY
  1: string gift wrap
  2: int64 10260
  3: int64 2001

-- 246 Order_Lines?$orderby=Discount desc,Quantity&$top=20
SELECT "OrderNo", "LineNo", "ProductID", "Quantity", "UnitPrice", "Discount", "Note" FROM "Order Lines" ORDER BY "Discount" DESC, "Quantity", "OrderNo", "LineNo" FETCH NEXT :1 ROWS ONLY
  1: int64 20

-- 247 Order_Lines?$orderby=Note&$filter=OrderNo lt 10260&$select=OrderNo,LineNo,Note
SELECT "OrderNo", "LineNo", "Note" FROM "Order Lines" WHERE "OrderNo" < :1 ORDER BY "Note" NULLS FIRST, "OrderNo", "LineNo" FETCH NEXT :2 ROWS ONLY
  1: int64 10260
  2: int64 2001

-- 248 Order_Lines?$count=true&$filter=ProductID eq 1
SELECT "OrderNo", "LineNo", "ProductID", "Quantity", "UnitPrice", "Discount", "Note" FROM "Order Lines" WHERE "ProductID" = :1 ORDER BY "OrderNo", "LineNo" FETCH NEXT :2 ROWS ONLY
  1: int64 1
  2: int64 2001
count: SELECT COUNT(*) FROM "Order Lines" WHERE "ProductID" = :1
  1 args

-- 249 Order_Lines?$filter=OrderNo ge 11240&$orderby=LineNo desc
SELECT "OrderNo", "LineNo", "ProductID", "Quantity", "UnitPrice", "Discount", "Note" FROM "Order Lines" WHERE "OrderNo" >= :1 ORDER BY "LineNo" DESC, "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: int64 11240
  2: int64 2001

-- 250 Shipments?$filter=Date lt 2019-01-15&$select=TrackingNo,Date
SELECT "TrackingNo", "Date" FROM "Shipments" WHERE "Date" < TO_DATE(:1, 'YYYY-MM-DD') ORDER BY "TrackingNo" FETCH NEXT :2 ROWS ONLY
  1: string 2019-01-15
  2: int64 2001

-- 251 Shipments?$filter=Year eq 2020 and year(Date) eq Year&$count=true&$top=2
SELECT "TrackingNo", "OrderNo", "Carrier", "Date", "Year", "Length", "Weight", "DeliveredAt", "Signature" FROM "Shipments" WHERE ("Year" = :1 AND EXTRACT(YEAR FROM CAST("Date" AS TIMESTAMP)) = "Year") ORDER BY "TrackingNo" FETCH NEXT :2 ROWS ONLY
  1: int64 2020
  2: int64 2
count: SELECT COUNT(*) FROM "Shipments" WHERE ("Year" = :1 AND EXTRACT(YEAR FROM CAST("Date" AS TIMESTAMP)) = "Year")
  1 args

-- 252 Shipments?$filter=year(Date) ne Year&$count=true
SELECT "TrackingNo", "OrderNo", "Carrier", "Date", "Year", "Length", "Weight", "DeliveredAt", "Signature" FROM "Shipments" WHERE EXTRACT(YEAR FROM CAST("Date" AS TIMESTAMP)) <> "Year" ORDER BY "TrackingNo" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "Shipments" WHERE EXTRACT(YEAR FROM CAST("Date" AS TIMESTAMP)) <> "Year"
  0 args

-- 253 Shipments?$filter=Length gt 2450&$select=TrackingNo,Length
SELECT "TrackingNo", "Length" FROM "Shipments" WHERE "Length" > TO_NUMBER(:1, '9999', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "TrackingNo" FETCH NEXT :2 ROWS ONLY
  1: string 2450
  2: int64 2001

-- 254 Shipments?$filter=Length eq null&$count=true&$top=2
SELECT "TrackingNo", "OrderNo", "Carrier", "Date", "Year", "Length", "Weight", "DeliveredAt", "Signature" FROM "Shipments" WHERE "Length" IS NULL ORDER BY "TrackingNo" FETCH NEXT :1 ROWS ONLY
  1: int64 2
count: SELECT COUNT(*) FROM "Shipments" WHERE "Length" IS NULL
  0 args

-- 255 Shipments?$filter=Length lt 1.5&$select=TrackingNo,Length
SELECT "TrackingNo", "Length" FROM "Shipments" WHERE "Length" < TO_NUMBER(:1, '9D9', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "TrackingNo" FETCH NEXT :2 ROWS ONLY
  1: string 1.5
  2: int64 2001

-- 256 Shipments?$filter=DeliveredAt eq null&$count=true&$select=TrackingNo
SELECT "TrackingNo" FROM "Shipments" WHERE "DeliveredAt" IS NULL ORDER BY "TrackingNo" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "Shipments" WHERE "DeliveredAt" IS NULL
  0 args

-- 257 Shipments?$filter=DeliveredAt lt 2019-02-01T00:00:00Z&$select=TrackingNo,DeliveredAt
SELECT "TrackingNo", "DeliveredAt" FROM "Shipments" WHERE "DeliveredAt" < :1 ORDER BY "TrackingNo" FETCH NEXT :2 ROWS ONLY
  1: time.Time 2019-02-01 00:00:00 +0000 UTC
  2: int64 2001

-- 258 Shipments?$filter=DeliveredAt ge 2024-12-20T00:00:00+05:30&$select=TrackingNo,DeliveredAt
error 400 InvalidFilter: $filter: date-time literal needs 'Z' or an offset such as +01:00 at position 34

-- 259 Shipments?$filter=hour(DeliveredAt) ge 22 and minute(DeliveredAt) lt 10&$select=TrackingNo,DeliveredAt
SELECT "TrackingNo", "DeliveredAt" FROM "Shipments" WHERE (EXTRACT(HOUR FROM SYS_EXTRACT_UTC("DeliveredAt")) >= :1 AND EXTRACT(MINUTE FROM SYS_EXTRACT_UTC("DeliveredAt")) < :2) ORDER BY "TrackingNo" FETCH NEXT :3 ROWS ONLY
  1: int64 22
  2: int64 10
  3: int64 2001

-- 260 Shipments?$filter=Carrier eq 'Yamato 運輸'&$count=true&$top=3
SELECT "TrackingNo", "OrderNo", "Carrier", "Date", "Year", "Length", "Weight", "DeliveredAt", "Signature" FROM "Shipments" WHERE "Carrier" = :1 ORDER BY "TrackingNo" FETCH NEXT :2 ROWS ONLY
  1: string Yamato 運輸
  2: int64 3
count: SELECT COUNT(*) FROM "Shipments" WHERE "Carrier" = :1
  1 args

-- 261 Shipments?$filter=contains(Carrier,'運輸')&$count=true&$select=TrackingNo
SELECT "TrackingNo" FROM "Shipments" WHERE "Carrier" LIKE :1 ESCAPE '!' ORDER BY "TrackingNo" FETCH NEXT :2 ROWS ONLY
  1: string %運輸%
  2: int64 2001
count: SELECT COUNT(*) FROM "Shipments" WHERE "Carrier" LIKE :1 ESCAPE '!'
  1 args

-- 262 Shipments?$filter=Carrier in ('UPS','DHL')&$count=true&$select=TrackingNo,Carrier
SELECT "TrackingNo", "Carrier" FROM "Shipments" WHERE ("Carrier" = :1 OR "Carrier" = :2) ORDER BY "TrackingNo" FETCH NEXT :3 ROWS ONLY
  1: string UPS
  2: string DHL
  3: int64 2001
count: SELECT COUNT(*) FROM "Shipments" WHERE ("Carrier" = :1 OR "Carrier" = :2)
  2 args

-- 263 Shipments?$filter=Signature eq ''&$count=true&$select=TrackingNo
SELECT "TrackingNo" FROM "Shipments" WHERE 1=0 ORDER BY "TrackingNo" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "Shipments" WHERE 1=0
  0 args

-- 264 Shipments?$filter=not (Signature eq null)&$count=true&$select=TrackingNo
SELECT "TrackingNo" FROM "Shipments" WHERE NOT ("Signature" IS NULL) ORDER BY "TrackingNo" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "Shipments" WHERE NOT ("Signature" IS NULL)
  0 args

-- 265 Shipments?$filter=Weight gt 99500&$select=TrackingNo,Weight
SELECT "TrackingNo", "Weight" FROM "Shipments" WHERE "Weight" > :1 ORDER BY "TrackingNo" FETCH NEXT :2 ROWS ONLY
  1: float64 99500
  2: int64 2001

-- 266 Shipments?$filter=Weight lt 2.5&$select=TrackingNo,Weight
SELECT "TrackingNo", "Weight" FROM "Shipments" WHERE "Weight" < :1 ORDER BY "TrackingNo" FETCH NEXT :2 ROWS ONLY
  1: float64 2.5
  2: int64 2001

-- 267 Shipments?$filter=round(Weight) sub Weight eq 0.5&$select=TrackingNo,Weight
SELECT "TrackingNo", "Weight" FROM "Shipments" WHERE (ROUND(CAST("Weight" AS NUMBER)) - "Weight") = :1 ORDER BY "TrackingNo" FETCH NEXT :2 ROWS ONLY
  1: float64 0.5
  2: int64 2001

-- 268 Shipments?$filter=Weight add Length gt 100000&$select=TrackingNo,Weight,Length
SELECT "TrackingNo", "Weight", "Length" FROM "Shipments" WHERE ("Weight" + "Length") > :1 ORDER BY "TrackingNo" FETCH NEXT :2 ROWS ONLY
  1: float64 100000
  2: int64 2001

-- 269 Shipments?$orderby=DeliveredAt desc&$top=25&$select=TrackingNo,DeliveredAt
SELECT "TrackingNo", "DeliveredAt" FROM "Shipments" ORDER BY "DeliveredAt" DESC NULLS LAST, "TrackingNo" FETCH NEXT :1 ROWS ONLY
  1: int64 25

-- 270 Shipments?$orderby=Carrier,Date desc&$top=40&$select=TrackingNo,Carrier,Date
SELECT "TrackingNo", "Carrier", "Date" FROM "Shipments" ORDER BY "Carrier", "Date" DESC, "TrackingNo" FETCH NEXT :1 ROWS ONLY
  1: int64 40

-- 271 Shipments?$orderby=Length&$top=30&$select=TrackingNo,Length
SELECT "TrackingNo", "Length" FROM "Shipments" ORDER BY "Length" NULLS FIRST, "TrackingNo" FETCH NEXT :1 ROWS ONLY
  1: int64 30

-- 272 Shipments?$search=運輸&$count=true&$select=TrackingNo
SELECT "TrackingNo" FROM "Shipments" WHERE (LOWER("TrackingNo") LIKE LOWER(:1) ESCAPE '!' OR LOWER("Carrier") LIKE LOWER(:2) ESCAPE '!' OR LOWER("Signature") LIKE LOWER(:3) ESCAPE '!') ORDER BY "TrackingNo" FETCH NEXT :4 ROWS ONLY
  1: string %運輸%
  2: string %運輸%
  3: string %運輸%
  4: int64 2001
count: SELECT COUNT(*) FROM "Shipments" WHERE (LOWER("TrackingNo") LIKE LOWER(:1) ESCAPE '!' OR LOWER("Carrier") LIKE LOWER(:2) ESCAPE '!' OR LOWER("Signature") LIKE LOWER(:3) ESCAPE '!')
  3 args

-- 273 ledger?$filter=EntryID eq 9007199254740993
SELECT "EntryID", "AccountNo", "CustomerCode", "PostedAt", "Amount", "Tax", "ExternalRef", "Memo" FROM "ledger" WHERE "EntryID" = :1 ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: int64 9007199254740993
  2: int64 2001

-- 274 ledger?$filter=EntryID eq 9007199254740992
SELECT "EntryID", "AccountNo", "CustomerCode", "PostedAt", "Amount", "Tax", "ExternalRef", "Memo" FROM "ledger" WHERE "EntryID" = :1 ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: int64 9007199254740992
  2: int64 2001

-- 275 ledger?$filter=EntryID eq 9223372036854775807
SELECT "EntryID", "AccountNo", "CustomerCode", "PostedAt", "Amount", "Tax", "ExternalRef", "Memo" FROM "ledger" WHERE "EntryID" = :1 ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: int64 9223372036854775807
  2: int64 2001

-- 276 ledger?$filter=EntryID eq -9223372036854775808
SELECT "EntryID", "AccountNo", "CustomerCode", "PostedAt", "Amount", "Tax", "ExternalRef", "Memo" FROM "ledger" WHERE "EntryID" = :1 ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: int64 -9223372036854775808
  2: int64 2001

-- 277 ledger?$filter=EntryID gt 9007199254740992&$select=EntryID
SELECT "EntryID" FROM "ledger" WHERE "EntryID" > :1 ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: int64 9007199254740992
  2: int64 2001

-- 278 ledger?$filter=EntryID in (9007199254740993, 1, 9223372036854775807)&$select=EntryID
SELECT "EntryID" FROM "ledger" WHERE ("EntryID" IN (:1, :2, :3)) ORDER BY "EntryID" FETCH NEXT :4 ROWS ONLY
  1: int64 9007199254740993
  2: int64 1
  3: int64 9223372036854775807
  4: int64 2001

-- 279 ledger?$filter=ExternalRef eq 9007199254740993&$select=EntryID,ExternalRef
SELECT "EntryID", "ExternalRef" FROM "ledger" WHERE "ExternalRef" = :1 ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: int64 9007199254740993
  2: int64 2001

-- 280 ledger?$filter=ExternalRef gt 9000000000000000000&$select=EntryID,ExternalRef
SELECT "EntryID", "ExternalRef" FROM "ledger" WHERE "ExternalRef" > :1 ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: int64 9000000000000000000
  2: int64 2001

-- 281 ledger?$filter=AccountNo gt 4000000045&$select=EntryID,AccountNo
SELECT "EntryID", "AccountNo" FROM "ledger" WHERE "AccountNo" > :1 ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: int64 4000000045
  2: int64 2001

-- 282 ledger?$filter=AccountNo eq 4000000000L&$select=EntryID,AccountNo
SELECT "EntryID", "AccountNo" FROM "ledger" WHERE "AccountNo" = :1 ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: int64 4000000000
  2: int64 2001

-- 283 ledger?$filter=Amount gt 0.000001 and Amount lt 1&$select=EntryID,Amount
SELECT "EntryID", "Amount" FROM "ledger" WHERE ("Amount" > TO_NUMBER(:1, '9D999999', 'NLS_NUMERIC_CHARACTERS=''.,''') AND "Amount" < TO_NUMBER(:2, '9', 'NLS_NUMERIC_CHARACTERS=''.,''')) ORDER BY "EntryID" FETCH NEXT :3 ROWS ONLY
  1: string 0.000001
  2: string 1
  3: int64 2001

-- 284 ledger?$filter=Amount eq 0.000001&$select=EntryID,Amount
SELECT "EntryID", "Amount" FROM "ledger" WHERE "Amount" = TO_NUMBER(:1, '9D999999', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: string 0.000001
  2: int64 2001

-- 285 ledger?$filter=Amount eq -0.000001&$select=EntryID,Amount
SELECT "EntryID", "Amount" FROM "ledger" WHERE "Amount" = (-TO_NUMBER(:1, '9D999999', 'NLS_NUMERIC_CHARACTERS=''.,''')) ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: string 0.000001
  2: int64 2001

-- 286 ledger?$filter=Amount lt 0 and Amount gt -0.00001&$select=EntryID,Amount
SELECT "EntryID", "Amount" FROM "ledger" WHERE ("Amount" < TO_NUMBER(:1, '9', 'NLS_NUMERIC_CHARACTERS=''.,''') AND "Amount" > (-TO_NUMBER(:2, '9D99999', 'NLS_NUMERIC_CHARACTERS=''.,'''))) ORDER BY "EntryID" FETCH NEXT :3 ROWS ONLY
  1: string 0
  2: string 0.00001
  3: int64 2001

-- 287 ledger?$filter=Amount eq 123456789.123456&$select=EntryID,Amount
SELECT "EntryID", "Amount" FROM "ledger" WHERE "Amount" = TO_NUMBER(:1, '999999999D999999', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: string 123456789.123456
  2: int64 2001

-- 288 ledger?$filter=Amount ge 999999999.999998&$select=EntryID,Amount
SELECT "EntryID", "Amount" FROM "ledger" WHERE "Amount" >= TO_NUMBER(:1, '999999999D999999', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: string 999999999.999998
  2: int64 2001

-- 289 ledger?$filter=Amount eq 0 or Amount eq 100&$select=EntryID,Amount
SELECT "EntryID", "Amount" FROM "ledger" WHERE ("Amount" = TO_NUMBER(:1, '9', 'NLS_NUMERIC_CHARACTERS=''.,''') OR "Amount" = TO_NUMBER(:2, '999', 'NLS_NUMERIC_CHARACTERS=''.,''')) ORDER BY "EntryID" FETCH NEXT :3 ROWS ONLY
  1: string 0
  2: string 100
  3: int64 2001

-- 290 ledger?$filter=Tax eq null&$count=true&$select=EntryID
SELECT "EntryID" FROM "ledger" WHERE "Tax" IS NULL ORDER BY "EntryID" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "ledger" WHERE "Tax" IS NULL
  0 args

-- 291 ledger?$filter=Amount add Tax gt 4900000&$select=EntryID,Amount,Tax
SELECT "EntryID", "Amount", "Tax" FROM "ledger" WHERE ("Amount" + "Tax") > TO_NUMBER(:1, '9999999', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: string 4900000
  2: int64 2001

-- 292 ledger?$filter=CustomerCode eq null&$count=true&$top=3
SELECT "EntryID", "AccountNo", "CustomerCode", "PostedAt", "Amount", "Tax", "ExternalRef", "Memo" FROM "ledger" WHERE "CustomerCode" IS NULL ORDER BY "EntryID" FETCH NEXT :1 ROWS ONLY
  1: int64 3
count: SELECT COUNT(*) FROM "ledger" WHERE "CustomerCode" IS NULL
  0 args

-- 293 ledger?$filter=contains(Memo,'%')&$count=true&$select=EntryID,Memo
error 400 InvalidQueryOption: $filter: invalid percent-encoding at position 15

-- 294 ledger?$filter=Memo eq 'rounding_diff'&$count=true&$select=EntryID
SELECT "EntryID" FROM "ledger" WHERE "Memo" = :1 ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: string rounding_diff
  2: int64 2001
count: SELECT COUNT(*) FROM "ledger" WHERE "Memo" = :1
  1 args

-- 295 ledger?$filter=Memo eq 'customer''s deposit'&$count=true&$select=EntryID
SELECT "EntryID" FROM "ledger" WHERE "Memo" = :1 ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: string customer's deposit
  2: int64 2001
count: SELECT COUNT(*) FROM "ledger" WHERE "Memo" = :1
  1 args

-- 296 ledger?$filter=Memo eq 'ref\123'&$count=true&$select=EntryID
SELECT "EntryID" FROM "ledger" WHERE "Memo" = :1 ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: string ref\123
  2: int64 2001
count: SELECT COUNT(*) FROM "ledger" WHERE "Memo" = :1
  1 args

-- 297 ledger?$filter=contains(Memo,'手数料')&$count=true&$select=EntryID
SELECT "EntryID" FROM "ledger" WHERE "Memo" LIKE :1 ESCAPE '!' ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: string %手数料%
  2: int64 2001
count: SELECT COUNT(*) FROM "ledger" WHERE "Memo" LIKE :1 ESCAPE '!'
  1 args

-- 298 ledger?$filter=PostedAt ge 2024-12-01T00:00:00Z&$select=EntryID,PostedAt
SELECT "EntryID", "PostedAt" FROM "ledger" WHERE "PostedAt" >= :1 ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: time.Time 2024-12-01 00:00:00 +0000 UTC
  2: int64 2001

-- 299 ledger?$orderby=Amount desc&$top=10&$select=EntryID,Amount
SELECT "EntryID", "Amount" FROM "ledger" ORDER BY "Amount" DESC, "EntryID" FETCH NEXT :1 ROWS ONLY
  1: int64 10

-- 300 ledger?$orderby=ExternalRef&$top=20&$select=EntryID,ExternalRef
SELECT "EntryID", "ExternalRef" FROM "ledger" ORDER BY "ExternalRef" NULLS FIRST, "EntryID" FETCH NEXT :1 ROWS ONLY
  1: int64 20

-- 301 ledger?$orderby=Tax desc,EntryID&$top=20&$skip=300&$select=EntryID,Tax
SELECT "EntryID", "Tax" FROM "ledger" ORDER BY "Tax" DESC NULLS LAST, "EntryID" OFFSET :1 ROWS FETCH NEXT :2 ROWS ONLY
  1: int64 300
  2: int64 20

-- 302 ledger?$orderby=EntryID desc&$top=6&$select=EntryID
SELECT "EntryID" FROM "ledger" ORDER BY "EntryID" DESC FETCH NEXT :1 ROWS ONLY
  1: int64 6

-- 303 currencies?$filter=Symbol eq null
SELECT "CurrencyCode", "Name", "Symbol", "Decimals" FROM "currencies" WHERE "Symbol" IS NULL ORDER BY "CurrencyCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 304 currencies?$filter=Symbol eq ''
SELECT "CurrencyCode", "Name", "Symbol", "Decimals" FROM "currencies" WHERE 1=0 ORDER BY "CurrencyCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 305 currencies?$filter=Symbol ne '€'
SELECT "CurrencyCode", "Name", "Symbol", "Decimals" FROM "currencies" WHERE ("Symbol" <> :1 OR "Symbol" IS NULL) ORDER BY "CurrencyCode" FETCH NEXT :2 ROWS ONLY
  1: string €
  2: int64 2001

-- 306 currencies?$filter=length(Symbol) eq 1
SELECT "CurrencyCode", "Name", "Symbol", "Decimals" FROM "currencies" WHERE LENGTH("Symbol") = :1 ORDER BY "CurrencyCode" FETCH NEXT :2 ROWS ONLY
  1: int64 1
  2: int64 2001

-- 307 currencies?$filter=Decimals eq 0 or CurrencyCode in ('EUR','USD')
SELECT "CurrencyCode", "Name", "Symbol", "Decimals" FROM "currencies" WHERE ("Decimals" = :1 OR ("CurrencyCode" = :2 OR "CurrencyCode" = :3)) ORDER BY "CurrencyCode" FETCH NEXT :4 ROWS ONLY
  1: int64 0
  2: string EUR
  3: string USD
  4: int64 2001

-- 308 currencies?$orderby=Symbol
SELECT "CurrencyCode", "Name", "Symbol", "Decimals" FROM "currencies" ORDER BY "Symbol" NULLS FIRST, "CurrencyCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 309 currencies?$orderby=Symbol desc
SELECT "CurrencyCode", "Name", "Symbol", "Decimals" FROM "currencies" ORDER BY "Symbol" DESC NULLS LAST, "CurrencyCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 310 currency_rates?$filter=CurrencyCode eq 'EUR' and RateDate eq 2023-01-02
SELECT "CurrencyCode", "RateDate", "Rate", "Source" FROM "currency_rates" WHERE ("CurrencyCode" = :1 AND "RateDate" = TO_DATE(:2, 'YYYY-MM-DD')) ORDER BY "CurrencyCode", "RateDate" FETCH NEXT :3 ROWS ONLY
  1: string EUR
  2: string 2023-01-02
  3: int64 2001

-- 311 currency_rates?$filter=RateDate ge 2023-12-20&$orderby=RateDate desc,CurrencyCode
SELECT "CurrencyCode", "RateDate", "Rate", "Source" FROM "currency_rates" WHERE "RateDate" >= TO_DATE(:1, 'YYYY-MM-DD') ORDER BY "RateDate" DESC, "CurrencyCode" FETCH NEXT :2 ROWS ONLY
  1: string 2023-12-20
  2: int64 2001

-- 312 currency_rates?$filter=Rate gt 2.5&$select=CurrencyCode,RateDate,Rate
SELECT "CurrencyCode", "RateDate", "Rate" FROM "currency_rates" WHERE "Rate" > TO_NUMBER(:1, '9D9', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "CurrencyCode", "RateDate" FETCH NEXT :2 ROWS ONLY
  1: string 2.5
  2: int64 2001

-- 313 currency_rates?$filter=Source eq null&$count=true&$top=2
SELECT "CurrencyCode", "RateDate", "Rate", "Source" FROM "currency_rates" WHERE "Source" IS NULL ORDER BY "CurrencyCode", "RateDate" FETCH NEXT :1 ROWS ONLY
  1: int64 2
count: SELECT COUNT(*) FROM "currency_rates" WHERE "Source" IS NULL
  0 args

-- 314 currency_rates?$filter=Source eq 'manual' and month(RateDate) eq 6&$select=CurrencyCode,RateDate
SELECT "CurrencyCode", "RateDate" FROM "currency_rates" WHERE ("Source" = :1 AND EXTRACT(MONTH FROM CAST("RateDate" AS TIMESTAMP)) = :2) ORDER BY "CurrencyCode", "RateDate" FETCH NEXT :3 ROWS ONLY
  1: string manual
  2: int64 6
  3: int64 2001

-- 315 currency_rates?$orderby=Rate desc&$top=10
SELECT "CurrencyCode", "RateDate", "Rate", "Source" FROM "currency_rates" ORDER BY "Rate" DESC, "CurrencyCode", "RateDate" FETCH NEXT :1 ROWS ONLY
  1: int64 10

-- 316 categories?$filter=ParentID eq null
SELECT "CategoryID", "CategoryName", "Description", "ParentID" FROM "categories" WHERE "ParentID" IS NULL ORDER BY "CategoryID" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 317 categories?$filter=ParentID eq 3
SELECT "CategoryID", "CategoryName", "Description", "ParentID" FROM "categories" WHERE "ParentID" = :1 ORDER BY "CategoryID" FETCH NEXT :2 ROWS ONLY
  1: int64 3
  2: int64 2001

-- 318 categories?$filter=CategoryName eq 'Kids'' Corner'
SELECT "CategoryID", "CategoryName", "Description", "ParentID" FROM "categories" WHERE "CategoryName" = :1 ORDER BY "CategoryID" FETCH NEXT :2 ROWS ONLY
  1: string Kids' Corner
  2: int64 2001

-- 319 categories?$filter=CategoryName eq 'Tools\Hardware'
SELECT "CategoryID", "CategoryName", "Description", "ParentID" FROM "categories" WHERE "CategoryName" = :1 ORDER BY "CategoryID" FETCH NEXT :2 ROWS ONLY
  1: string Tools\Hardware
  2: int64 2001

-- 320 categories?$filter=contains(Description,'C:\shop')
SELECT "CategoryID", "CategoryName", "Description", "ParentID" FROM "categories" WHERE "Description" LIKE :1 ESCAPE '!' ORDER BY "CategoryID" FETCH NEXT :2 ROWS ONLY
  1: string %C:\shop%
  2: int64 2001

-- 321 categories?$filter=Description eq null or Description eq ''
SELECT "CategoryID", "CategoryName", "Description", "ParentID" FROM "categories" WHERE ("Description" IS NULL OR 1=0) ORDER BY "CategoryID" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 322 categories?$filter=length(CategoryName) eq 5
SELECT "CategoryID", "CategoryName", "Description", "ParentID" FROM "categories" WHERE LENGTH("CategoryName") = :1 ORDER BY "CategoryID" FETCH NEXT :2 ROWS ONLY
  1: int64 5
  2: int64 2001

-- 323 categories?$filter=startswith(CategoryName,'Caf')
SELECT "CategoryID", "CategoryName", "Description", "ParentID" FROM "categories" WHERE "CategoryName" LIKE :1 ESCAPE '!' ORDER BY "CategoryID" FETCH NEXT :2 ROWS ONLY
  1: string Caf%
  2: int64 2001

-- 324 categories?$orderby=ParentID desc,CategoryName
SELECT "CategoryID", "CategoryName", "Description", "ParentID" FROM "categories" ORDER BY "ParentID" DESC NULLS LAST, "CategoryName", "CategoryID" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 325 categories?$search=organic
SELECT "CategoryID", "CategoryName", "Description", "ParentID" FROM "categories" WHERE (LOWER("CategoryName") LIKE LOWER(:1) ESCAPE '!' OR LOWER("Description") LIKE LOWER(:2) ESCAPE '!') ORDER BY "CategoryID" FETCH NEXT :3 ROWS ONLY
  1: string %organic%
  2: string %organic%
  3: int64 2001

-- 326 categories?$search=BÄCKEREI
SELECT "CategoryID", "CategoryName", "Description", "ParentID" FROM "categories" WHERE (LOWER("CategoryName") LIKE LOWER(:1) ESCAPE '!' OR LOWER("Description") LIKE LOWER(:2) ESCAPE '!') ORDER BY "CategoryID" FETCH NEXT :3 ROWS ONLY
  1: string %BÄCKEREI%
  2: string %BÄCKEREI%
  3: int64 2001

-- 327 suppliers?$filter=SupplierCode eq 'O''NEIL'
SELECT "SupplierCode", "CompanyName", "ContactName", "Country", "City", "Phone", "Email", "IsPreferred", "Rating" FROM "suppliers" WHERE "SupplierCode" = :1 ORDER BY "SupplierCode" FETCH NEXT :2 ROWS ONLY
  1: string O'NEIL
  2: int64 2001

-- 328 suppliers?$filter=SupplierCode eq 'A/B&C'
error 400 InvalidFilter: $filter: unterminated string literal at position 16

-- 329 suppliers?$filter=SupplierCode eq '50%OFF'
error 400 InvalidQueryOption: $filter: invalid percent-encoding at position 19

-- 330 suppliers?$filter=SupplierCode eq 'SP ACE'
SELECT "SupplierCode", "CompanyName", "ContactName", "Country", "City", "Phone", "Email", "IsPreferred", "Rating" FROM "suppliers" WHERE "SupplierCode" = :1 ORDER BY "SupplierCode" FETCH NEXT :2 ROWS ONLY
  1: string SP ACE
  2: int64 2001

-- 331 suppliers?$filter=SupplierCode eq 'KÖLN-01'
SELECT "SupplierCode", "CompanyName", "ContactName", "Country", "City", "Phone", "Email", "IsPreferred", "Rating" FROM "suppliers" WHERE "SupplierCode" = :1 ORDER BY "SupplierCode" FETCH NEXT :2 ROWS ONLY
  1: string KÖLN-01
  2: int64 2001

-- 332 suppliers?$filter=SupplierCode eq 'Q?A#1'
SELECT "SupplierCode", "CompanyName", "ContactName", "Country", "City", "Phone", "Email", "IsPreferred", "Rating" FROM "suppliers" WHERE "SupplierCode" = :1 ORDER BY "SupplierCode" FETCH NEXT :2 ROWS ONLY
  1: string Q?A#1
  2: int64 2001

-- 333 suppliers?$filter=SupplierCode eq 'BACK\SLASH'
SELECT "SupplierCode", "CompanyName", "ContactName", "Country", "City", "Phone", "Email", "IsPreferred", "Rating" FROM "suppliers" WHERE "SupplierCode" = :1 ORDER BY "SupplierCode" FETCH NEXT :2 ROWS ONLY
  1: string BACK\SLASH
  2: int64 2001

-- 334 suppliers?$filter=SupplierCode eq 'ROCKET🚀'
SELECT "SupplierCode", "CompanyName", "ContactName", "Country", "City", "Phone", "Email", "IsPreferred", "Rating" FROM "suppliers" WHERE "SupplierCode" = :1 ORDER BY "SupplierCode" FETCH NEXT :2 ROWS ONLY
  1: string ROCKET🚀
  2: int64 2001

-- 335 suppliers?$filter=SupplierCode eq 'LOWER-CASE'
SELECT "SupplierCode", "CompanyName", "ContactName", "Country", "City", "Phone", "Email", "IsPreferred", "Rating" FROM "suppliers" WHERE "SupplierCode" = :1 ORDER BY "SupplierCode" FETCH NEXT :2 ROWS ONLY
  1: string LOWER-CASE
  2: int64 2001

-- 336 suppliers?$filter=contains(SupplierCode,'_')
SELECT "SupplierCode", "CompanyName", "ContactName", "Country", "City", "Phone", "Email", "IsPreferred", "Rating" FROM "suppliers" WHERE "SupplierCode" LIKE :1 ESCAPE '!' ORDER BY "SupplierCode" FETCH NEXT :2 ROWS ONLY
  1: string %!_%
  2: int64 2001

-- 337 suppliers?$filter=IsPreferred eq true&$select=SupplierCode,IsPreferred
SELECT "SupplierCode", "IsPreferred" FROM "suppliers" WHERE "IsPreferred" = :1 ORDER BY "SupplierCode" FETCH NEXT :2 ROWS ONLY
  1: int64 1
  2: int64 2001

-- 338 suppliers?$filter=Rating eq null&$select=SupplierCode,Rating
SELECT "SupplierCode", "Rating" FROM "suppliers" WHERE "Rating" IS NULL ORDER BY "SupplierCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 339 suppliers?$filter=Rating ge 4.5&$select=SupplierCode,Rating
SELECT "SupplierCode", "Rating" FROM "suppliers" WHERE "Rating" >= :1 ORDER BY "SupplierCode" FETCH NEXT :2 ROWS ONLY
  1: float64 4.5
  2: int64 2001

-- 340 suppliers?$filter=Rating eq 3.3&$select=SupplierCode,Rating
SELECT "SupplierCode", "Rating" FROM "suppliers" WHERE "Rating" = :1 ORDER BY "SupplierCode" FETCH NEXT :2 ROWS ONLY
  1: float64 3.3
  2: int64 2001

-- 341 suppliers?$filter=CompanyName eq 'Space  Between Ltd'
SELECT "SupplierCode", "CompanyName", "ContactName", "Country", "City", "Phone", "Email", "IsPreferred", "Rating" FROM "suppliers" WHERE "CompanyName" = :1 ORDER BY "SupplierCode" FETCH NEXT :2 ROWS ONLY
  1: string Space  Between Ltd
  2: int64 2001

-- 342 suppliers?$orderby=SupplierCode&$select=SupplierCode
SELECT "SupplierCode" FROM "suppliers" ORDER BY "SupplierCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 343 suppliers?$orderby=Rating desc,CompanyName&$select=SupplierCode,Rating,CompanyName
SELECT "SupplierCode", "Rating", "CompanyName" FROM "suppliers" ORDER BY "Rating" DESC NULLS LAST, "CompanyName", "SupplierCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 344 suppliers?$search=liquids OR traders&$select=SupplierCode
SELECT "SupplierCode" FROM "suppliers" WHERE ((LOWER("SupplierCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:4) ESCAPE '!' OR LOWER("City") LIKE LOWER(:5) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:6) ESCAPE '!' OR LOWER("Email") LIKE LOWER(:7) ESCAPE '!') OR (LOWER("SupplierCode") LIKE LOWER(:8) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:9) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:10) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:11) ESCAPE '!' OR LOWER("City") LIKE LOWER(:12) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:13) ESCAPE '!' OR LOWER("Email") LIKE LOWER(:14) ESCAPE '!')) ORDER BY "SupplierCode" FETCH NEXT :15 ROWS ONLY
  1: string %liquids%
  2: string %liquids%
  3: string %liquids%
  4: string %liquids%
  5: string %liquids%
  6: string %liquids%
  7: string %liquids%
  8: string %traders%
  9: string %traders%
  10: string %traders%
  11: string %traders%
  12: string %traders%
  13: string %traders%
  14: string %traders%
  15: int64 2001

-- 345 customers?$filter=indexof(CompanyName,'ACME') eq 0&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE (INSTR("CompanyName", :1) - 1) = :2 ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: string ACME
  2: int64 0
  3: int64 2001

-- 346 customers?$filter=substring(CompanyName,0,4) eq 'ACME'&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE (SUBSTR("CompanyName", :1 + 1, :2) IS NOT NULL AND SUBSTR("CompanyName", :3 + 1, :4) = :5) ORDER BY "CustomerCode" FETCH NEXT :6 ROWS ONLY
  1: int64 0
  2: int64 4
  3: int64 0
  4: int64 4
  5: string ACME
  6: int64 2001

-- 347 customers?$filter=tolower(CompanyName) eq 'ACME'&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE LOWER("CompanyName") = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string ACME
  2: int64 2001

-- 348 customers?$filter=concat(CompanyName,'x') eq 'ACMEx'&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE ("CompanyName" || :1) = :2 ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: string x
  2: string ACMEx
  3: int64 2001

-- 349 customers?$filter=trim(ContactName) eq 'LEADING AND TRAILING'&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE TRIM("ContactName") = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string LEADING AND TRAILING
  2: int64 2001

-- 350 customers?$filter=concat(CompanyName,'') eq 'abc'&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE ("CompanyName" || :1) = :2 ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: string 
  2: string abc
  3: int64 2001

-- 351 customers?$filter=CompanyName eq ContactName&$select=CustomerCode,CompanyName,ContactName
SELECT "CustomerCode", "CompanyName", "ContactName" FROM "customers" WHERE "CompanyName" = "ContactName" ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 352 customers?$filter=ContactName eq Notes&$select=CustomerCode,ContactName,Notes
SELECT "CustomerCode", "ContactName", "Notes" FROM "customers" WHERE (("ContactName" IS NOT NULL AND "Notes" IS NOT NULL AND "ContactName" = "Notes") OR ("ContactName" IS NULL AND "Notes" IS NULL)) ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 353 customers?$filter=ContactName ne Notes and CustomerCode lt 'B'&$select=CustomerCode,ContactName,Notes
SELECT "CustomerCode", "ContactName", "Notes" FROM "customers" WHERE ((("ContactName" IS NOT NULL AND "Notes" IS NOT NULL AND "ContactName" <> "Notes") OR ("ContactName" IS NULL AND "Notes" IS NOT NULL) OR ("ContactName" IS NOT NULL AND "Notes" IS NULL)) AND "CustomerCode" < :1) ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string B
  2: int64 2001

-- 354 customers?$filter=contains(CompanyName,tolower(CompanyName))&$count=true&$select=CustomerCode,CompanyName
unsupported: contains/startswith/endswith with a non-literal pattern: not supported by this database

-- 355 customers?$filter=startswith(CompanyName,toupper(CompanyName))&$count=true&$select=CustomerCode,CompanyName
unsupported: contains/startswith/endswith with a non-literal pattern: not supported by this database

-- 356 customers?$filter=endswith(ContactName,substring(CompanyName,1))&$select=CustomerCode,CompanyName,ContactName
unsupported: contains/startswith/endswith with a non-literal pattern: not supported by this database

-- 357 customers?$filter=endswith(CompanyName,'c ')&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE "CompanyName" LIKE :1 ESCAPE '!' ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string %c 
  2: int64 2001

-- 358 customers?$filter=CompanyName in ('ACME','abc  ')&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE ("CompanyName" = :1 OR "CompanyName" = :2) ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: string ACME
  2: string abc  
  3: int64 2001

-- 359 customers?$filter=CompanyName eq 'Cafe Societe'&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE "CompanyName" = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string Cafe Societe
  2: int64 2001

-- 360 customers?$filter=CompanyName eq 'Straße Großhandel'&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE "CompanyName" = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string Straße Großhandel
  2: int64 2001

-- 361 customers?$filter=CompanyName eq 'STRASSE GROSSHANDEL' or CompanyName eq 'Strasse Grosshandel'&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE ("CompanyName" = :1 OR "CompanyName" = :2) ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: string STRASSE GROSSHANDEL
  2: string Strasse Grosshandel
  3: int64 2001

-- 362 customers?$filter=contains(CompanyName,'Societe')&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE "CompanyName" LIKE :1 ESCAPE '!' ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string %Societe%
  2: int64 2001

-- 363 customers?$filter=IsActive in (true)&$count=true&$top=1
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE ("IsActive" IN (:1)) ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: int64 1
  2: int64 1
count: SELECT COUNT(*) FROM "customers" WHERE ("IsActive" IN (:1))
  1 args

-- 364 customers?$orderby=length(ContactName) desc,CustomerCode&$top=30&$select=CustomerCode,ContactName
SELECT "CustomerCode", "ContactName" FROM "customers" ORDER BY LENGTH("ContactName") DESC NULLS LAST, "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 30

-- 365 customers?$orderby=year(CreatedAt),CreditLimit desc&$top=30&$select=CustomerCode,CreatedAt,CreditLimit
SELECT "CustomerCode", "CreatedAt", "CreditLimit" FROM "customers" ORDER BY EXTRACT(YEAR FROM SYS_EXTRACT_UTC("CreatedAt")), "CreditLimit" DESC NULLS LAST, "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 30

-- 366 suppliers?$filter=SupplierCode eq 'lower-case'
SELECT "SupplierCode", "CompanyName", "ContactName", "Country", "City", "Phone", "Email", "IsPreferred", "Rating" FROM "suppliers" WHERE "SupplierCode" = :1 ORDER BY "SupplierCode" FETCH NEXT :2 ROWS ONLY
  1: string lower-case
  2: int64 2001

-- 367 suppliers?$filter=startswith(SupplierCode,'LOWER')
SELECT "SupplierCode", "CompanyName", "ContactName", "Country", "City", "Phone", "Email", "IsPreferred", "Rating" FROM "suppliers" WHERE "SupplierCode" LIKE :1 ESCAPE '!' ORDER BY "SupplierCode" FETCH NEXT :2 ROWS ONLY
  1: string LOWER%
  2: int64 2001

-- 368 suppliers?$filter=indexof(SupplierCode,'köln') ge 0
SELECT "SupplierCode", "CompanyName", "ContactName", "Country", "City", "Phone", "Email", "IsPreferred", "Rating" FROM "suppliers" WHERE (INSTR("SupplierCode", :1) - 1) >= :2 ORDER BY "SupplierCode" FETCH NEXT :3 ROWS ONLY
  1: string köln
  2: int64 0
  3: int64 2001

-- 369 orders?$filter=OrderDate eq 2020-02-29T00:00:00Z&$select=OrderNo,OrderDate
SELECT "OrderNo", "OrderDate" FROM "orders" WHERE "OrderDate" = TO_DATE(:1, 'YYYY-MM-DD') ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: string 2020-02-29
  2: int64 2001

-- 370 orders?$filter=OrderDate ge 2024-12-28T00:00:00Z&$select=OrderNo,OrderDate
SELECT "OrderNo", "OrderDate" FROM "orders" WHERE "OrderDate" >= TO_DATE(:1, 'YYYY-MM-DD') ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: string 2024-12-28
  2: int64 2001

-- 371 orders?$filter=OrderDate lt 2019-01-05T12:00:00Z&$select=OrderNo,OrderDate
SELECT "OrderNo", "OrderDate" FROM "orders" WHERE "OrderDate" <= TO_DATE(:1, 'YYYY-MM-DD') ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: string 2019-01-05
  2: int64 2001

-- 372 orders?$filter=OrderDate gt 2024-12-28T12:00:00+14:00&$select=OrderNo,OrderDate
error 400 InvalidFilter: $filter: date-time literal needs 'Z' or an offset such as +01:00 at position 32

-- 373 orders?$filter=Shipped ge 2024-12-28&$select=OrderNo,Shipped
SELECT "OrderNo", "Shipped" FROM "orders" WHERE "Shipped" >= :1 ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: time.Time 2024-12-28 00:00:00 +0000 UTC
  2: int64 2001

-- 374 orders?$filter=RequiredDate le datetime'2019-01-20T00:00:00'&$select=OrderNo,RequiredDate
SELECT "OrderNo", "RequiredDate" FROM "orders" WHERE "RequiredDate" <= TO_DATE(:1, 'YYYY-MM-DD') ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: string 2019-01-20
  2: int64 2001

-- 375 orders?$filter=day(RequiredDate) eq 31 and month(RequiredDate) eq 1&$select=OrderNo,RequiredDate
SELECT "OrderNo", "RequiredDate" FROM "orders" WHERE (EXTRACT(DAY FROM CAST("RequiredDate" AS TIMESTAMP)) = :1 AND EXTRACT(MONTH FROM CAST("RequiredDate" AS TIMESTAMP)) = :2) ORDER BY "OrderNo" FETCH NEXT :3 ROWS ONLY
  1: int64 31
  2: int64 1
  3: int64 2001

-- 376 Shipments?$filter=Date eq 2019-01-10T00:00:00Z&$select=TrackingNo,Date
SELECT "TrackingNo", "Date" FROM "Shipments" WHERE "Date" = TO_DATE(:1, 'YYYY-MM-DD') ORDER BY "TrackingNo" FETCH NEXT :2 ROWS ONLY
  1: string 2019-01-10
  2: int64 2001

-- 377 Shipments?$filter=date(DeliveredAt) eq 2024-12-25&$select=TrackingNo,DeliveredAt
SELECT "TrackingNo", "DeliveredAt" FROM "Shipments" WHERE TRUNC(SYS_EXTRACT_UTC("DeliveredAt")) = TO_DATE(:1, 'YYYY-MM-DD') ORDER BY "TrackingNo" FETCH NEXT :2 ROWS ONLY
  1: string 2024-12-25
  2: int64 2001

-- 378 Shipments?$filter=day(DeliveredAt) eq 1 and hour(DeliveredAt) lt 6&$select=TrackingNo,DeliveredAt
SELECT "TrackingNo", "DeliveredAt" FROM "Shipments" WHERE (EXTRACT(DAY FROM SYS_EXTRACT_UTC("DeliveredAt")) = :1 AND EXTRACT(HOUR FROM SYS_EXTRACT_UTC("DeliveredAt")) < :2) ORDER BY "TrackingNo" FETCH NEXT :3 ROWS ONLY
  1: int64 1
  2: int64 6
  3: int64 2001

-- 379 ledger?$filter=ExternalRef eq 9007199254740993.0&$select=EntryID,ExternalRef
SELECT "EntryID", "ExternalRef" FROM "ledger" WHERE "ExternalRef" = :1 ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: int64 9007199254740993
  2: int64 2001

-- 380 ledger?$filter=EntryID eq 9007199254740993.0&$select=EntryID
SELECT "EntryID" FROM "ledger" WHERE "EntryID" = :1 ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: int64 9007199254740993
  2: int64 2001

-- 381 ledger?$filter=EntryID gt 9007199254740992.5&$select=EntryID
SELECT "EntryID" FROM "ledger" WHERE "EntryID" > :1 ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: int64 9007199254740992
  2: int64 2001

-- 382 ledger?$filter=EntryID lt -9223372036854775807&$select=EntryID
SELECT "EntryID" FROM "ledger" WHERE "EntryID" < :1 ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: int64 -9223372036854775807
  2: int64 2001

-- 383 ledger?$filter=Amount eq 999999999.999999M&$select=EntryID,Amount
SELECT "EntryID", "Amount" FROM "ledger" WHERE "Amount" = TO_NUMBER(:1, '999999999D999999', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: string 999999999.999999
  2: int64 2001

-- 384 ledger?$filter=Amount eq 999999999.9999990&$select=EntryID,Amount
SELECT "EntryID", "Amount" FROM "ledger" WHERE "Amount" = TO_NUMBER(:1, '999999999D999999', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: string 999999999.999999
  2: int64 2001

-- 385 ledger?$filter=Amount gt 999999999.9999985&$select=EntryID,Amount
SELECT "EntryID", "Amount" FROM "ledger" WHERE "Amount" > TO_NUMBER(:1, '999999999D999999', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: string 999999999.999998
  2: int64 2001

-- 386 ledger?$filter=ceiling(Amount) eq 0 and Amount lt 0&$select=EntryID,Amount
SELECT "EntryID", "Amount" FROM "ledger" WHERE (CEIL("Amount") = TO_NUMBER(:1, '9', 'NLS_NUMERIC_CHARACTERS=''.,''') AND "Amount" < TO_NUMBER(:2, '9', 'NLS_NUMERIC_CHARACTERS=''.,''')) ORDER BY "EntryID" FETCH NEXT :3 ROWS ONLY
  1: string 0
  2: string 0
  3: int64 2001

-- 387 ledger?$filter=floor(Amount) eq -1 and Amount gt -1&$select=EntryID,Amount
SELECT "EntryID", "Amount" FROM "ledger" WHERE (FLOOR("Amount") = (-TO_NUMBER(:1, '9', 'NLS_NUMERIC_CHARACTERS=''.,''')) AND "Amount" > (-TO_NUMBER(:2, '9', 'NLS_NUMERIC_CHARACTERS=''.,'''))) ORDER BY "EntryID" FETCH NEXT :3 ROWS ONLY
  1: string 1
  2: string 1
  3: int64 2001

-- 388 ledger?$filter=round(Amount) eq 123456789&$select=EntryID,Amount
SELECT "EntryID", "Amount" FROM "ledger" WHERE ROUND("Amount") = TO_NUMBER(:1, '999999999', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: string 123456789
  2: int64 2001

-- 389 ledger?$filter=Amount mul 1000000 eq 1&$select=EntryID,Amount
SELECT "EntryID", "Amount" FROM "ledger" WHERE ("Amount" * :1) = TO_NUMBER(:2, '9', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "EntryID" FETCH NEXT :3 ROWS ONLY
  1: int64 1000000
  2: string 1
  3: int64 2001

-- 390 ledger?$filter=Amount divby 3 eq 33.333333333333333333333333333333333333&$select=EntryID,Amount
SELECT "EntryID", "Amount" FROM "ledger" WHERE ("Amount" / :1) = TO_NUMBER(:2, '99D999999999999999999999999999999999999', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "EntryID" FETCH NEXT :3 ROWS ONLY
  1: int64 3
  2: string 33.333333333333333333333333333333333333
  3: int64 2001

-- 391 ledger?$filter=-Amount eq 999999999.999999&$select=EntryID,Amount
SELECT "EntryID", "Amount" FROM "ledger" WHERE (-"Amount") = TO_NUMBER(:1, '999999999D999999', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "EntryID" FETCH NEXT :2 ROWS ONLY
  1: string 999999999.999999
  2: int64 2001

-- 392 products?$filter=UnitsInStock mod -7 eq 3&$count=true&$select=ProductID,UnitsInStock
SELECT "ProductID", "UnitsInStock" FROM "products" WHERE MOD("UnitsInStock", NULLIF(:1, 0)) = :2 ORDER BY "ProductID" FETCH NEXT :3 ROWS ONLY
  1: int64 -7
  2: int64 3
  3: int64 2001
count: SELECT COUNT(*) FROM "products" WHERE MOD("UnitsInStock", NULLIF(:1, 0)) = :2
  2 args

-- 393 products?$filter=UnitsInStock divby 3 gt 166.6&$select=ProductID,UnitsInStock
SELECT "ProductID", "UnitsInStock" FROM "products" WHERE ("UnitsInStock" / :1) > TO_NUMBER(:2, '999D9', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "ProductID" FETCH NEXT :3 ROWS ONLY
  1: int64 3
  2: string 166.6
  3: int64 2001

-- 394 products?$filter=UnitPrice div 4 lt 0.01&$select=ProductID,UnitPrice
SELECT "ProductID", "UnitPrice" FROM "products" WHERE ("UnitPrice" / :1) < TO_NUMBER(:2, '9D99', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "ProductID" FETCH NEXT :3 ROWS ONLY
  1: int64 4
  2: string 0.01
  3: int64 2001

-- 395 products?$filter=UnitsInStock eq 12.0&$select=ProductID,UnitsInStock
SELECT "ProductID", "UnitsInStock" FROM "products" WHERE "UnitsInStock" = :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: int64 12
  2: int64 2001

-- 396 products?$filter=UnitsInStock eq 12.5&$select=ProductID,UnitsInStock
SELECT "ProductID", "UnitsInStock" FROM "products" WHERE 1=0 ORDER BY "ProductID" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 397 products?$filter=UnitsInStock gt 499.5&$select=ProductID,UnitsInStock
SELECT "ProductID", "UnitsInStock" FROM "products" WHERE "UnitsInStock" > :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: int64 499
  2: int64 2001

-- 398 products?$filter=Weight eq 12&$select=ProductID,Weight
SELECT "ProductID", "Weight" FROM "products" WHERE "Weight" = :1 ORDER BY "ProductID" FETCH NEXT :2 ROWS ONLY
  1: float64 12
  2: int64 2001

-- 399 products?$filter=Weight mul 10 eq 1&$select=ProductID,Weight
SELECT "ProductID", "Weight" FROM "products" WHERE ("Weight" * :1) = :2 ORDER BY "ProductID" FETCH NEXT :3 ROWS ONLY
  1: int64 10
  2: float64 1
  3: int64 2001

-- 400 products?$filter=round(UnitPrice mul 1.5) eq 15&$select=ProductID,UnitPrice
SELECT "ProductID", "UnitPrice" FROM "products" WHERE ROUND(("UnitPrice" * TO_NUMBER(:1, '9D9', 'NLS_NUMERIC_CHARACTERS=''.,'''))) = TO_NUMBER(:2, '99', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "ProductID" FETCH NEXT :3 ROWS ONLY
  1: string 1.5
  2: string 15
  3: int64 2001

-- 401 products?$filter=Length div 2 gt 49999.99&$select=ProductID,Length
SELECT "ProductID", "Length" FROM "products" WHERE ("Length" / :1) > TO_NUMBER(:2, '99999D99', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "ProductID" FETCH NEXT :3 ROWS ONLY
  1: int64 2
  2: string 49999.99
  3: int64 2001

-- 402 Order_Lines?$filter=UnitPrice mul Quantity mul (1 sub Discount) gt 1000000&$select=OrderNo,LineNo,UnitPrice,Quantity,Discount
SELECT "OrderNo", "LineNo", "UnitPrice", "Quantity", "Discount" FROM "Order Lines" WHERE (("UnitPrice" * "Quantity") * (:1 - "Discount")) > :2 ORDER BY "OrderNo", "LineNo" FETCH NEXT :3 ROWS ONLY
  1: int64 1
  2: float64 1e+06
  3: int64 2001

-- 403 currencies?$filter=Decimals divby 2 eq 1.5
SELECT "CurrencyCode", "Name", "Symbol", "Decimals" FROM "currencies" WHERE ("Decimals" / :1) = TO_NUMBER(:2, '9D9', 'NLS_NUMERIC_CHARACTERS=''.,''') ORDER BY "CurrencyCode" FETCH NEXT :3 ROWS ONLY
  1: int64 2
  2: string 1.5
  3: int64 2001

-- 404 customers?$filter=CreditLimit eq CreditLimit&$count=true&$top=1
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE (("CreditLimit" IS NOT NULL AND "CreditLimit" IS NOT NULL AND "CreditLimit" = "CreditLimit") OR ("CreditLimit" IS NULL AND "CreditLimit" IS NULL)) ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 1
count: SELECT COUNT(*) FROM "customers" WHERE (("CreditLimit" IS NOT NULL AND "CreditLimit" IS NOT NULL AND "CreditLimit" = "CreditLimit") OR ("CreditLimit" IS NULL AND "CreditLimit" IS NULL))
  0 args

-- 405 customers?$filter=CreditLimit ne CreditLimit&$count=true
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE (("CreditLimit" IS NOT NULL AND "CreditLimit" IS NOT NULL AND "CreditLimit" <> "CreditLimit") OR ("CreditLimit" IS NULL AND "CreditLimit" IS NOT NULL) OR ("CreditLimit" IS NOT NULL AND "CreditLimit" IS NULL)) ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE (("CreditLimit" IS NOT NULL AND "CreditLimit" IS NOT NULL AND "CreditLimit" <> "CreditLimit") OR ("CreditLimit" IS NULL AND "CreditLimit" IS NOT NULL) OR ("CreditLimit" IS NOT NULL AND "CreditLimit" IS NULL))
  0 args

-- 406 customers?$filter=not (CreditLimit lt CreditLimit)&$count=true&$top=1
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE NOT (("CreditLimit" IS NOT NULL AND "CreditLimit" IS NOT NULL AND "CreditLimit" < "CreditLimit")) ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 1
count: SELECT COUNT(*) FROM "customers" WHERE NOT (("CreditLimit" IS NOT NULL AND "CreditLimit" IS NOT NULL AND "CreditLimit" < "CreditLimit"))
  0 args

-- 407 customers?$filter=CreditLimit add null eq null&$count=true&$top=1
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE 1=1 ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 1
count: SELECT COUNT(*) FROM "customers" WHERE 1=1
  0 args

-- 408 customers?$filter=null ne CreditLimit&$count=true&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE "CreditLimit" IS NOT NULL ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE "CreditLimit" IS NOT NULL
  0 args

-- 409 customers?$filter=concat(CompanyName,null) eq null&$count=true&$top=1
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE 1=1 ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 1
count: SELECT COUNT(*) FROM "customers" WHERE 1=1
  0 args

-- 410 customers?$filter=not contains(null,'x')&$count=true&$top=1
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE 1=1 ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 1
count: SELECT COUNT(*) FROM "customers" WHERE 1=1
  0 args

-- 411 customers?$filter=length(CompanyName) eq length(ContactName)&$count=true&$select=CustomerCode,CompanyName,ContactName
SELECT "CustomerCode", "CompanyName", "ContactName" FROM "customers" WHERE LENGTH("CompanyName") = LENGTH("ContactName") ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE LENGTH("CompanyName") = LENGTH("ContactName")
  0 args

-- 412 customers?$filter=length(ContactName) ne length(Notes)&$count=true&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE ((LENGTH("ContactName") IS NOT NULL AND LENGTH("Notes") IS NOT NULL AND LENGTH("ContactName") <> LENGTH("Notes")) OR (LENGTH("ContactName") IS NULL AND LENGTH("Notes") IS NOT NULL) OR (LENGTH("ContactName") IS NOT NULL AND LENGTH("Notes") IS NULL)) ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE ((LENGTH("ContactName") IS NOT NULL AND LENGTH("Notes") IS NOT NULL AND LENGTH("ContactName") <> LENGTH("Notes")) OR (LENGTH("ContactName") IS NULL AND LENGTH("Notes") IS NOT NULL) OR (LENGTH("ContactName") IS NOT NULL AND LENGTH("Notes") IS NULL))
  0 args

-- 413 customers?$filter=CustomerCode in ()&$count=true
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE (1=0) ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE (1=0)
  0 args

-- 414 customers?$filter=IsActive eq null&$count=true
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE "IsActive" IS NULL ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE "IsActive" IS NULL
  0 args

-- 415 customers?$filter=(CreditLimit gt 1000) eq false&$count=true&$select=CustomerCode,CreditLimit
SELECT "CustomerCode", "CreditLimit" FROM "customers" WHERE NOT (("CreditLimit" IS NOT NULL AND "CreditLimit" > TO_NUMBER(:1, '9999', 'NLS_NUMERIC_CHARACTERS=''.,'''))) ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string 1000
  2: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE NOT (("CreditLimit" IS NOT NULL AND "CreditLimit" > TO_NUMBER(:1, '9999', 'NLS_NUMERIC_CHARACTERS=''.,''')))
  1 args

-- 416 customers?$filter=not (not (ContactName eq null))&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE NOT (NOT ("ContactName" IS NULL)) ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 417 customers?$filter=not (CreditLimit gt 1000 and IsActive) or ContactName eq null&$count=true&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE (NOT ((("CreditLimit" IS NOT NULL AND "CreditLimit" > TO_NUMBER(:1, '9999', 'NLS_NUMERIC_CHARACTERS=''.,''')) AND "IsActive" = 1)) OR "ContactName" IS NULL) ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string 1000
  2: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE (NOT ((("CreditLimit" IS NOT NULL AND "CreditLimit" > TO_NUMBER(:1, '9999', 'NLS_NUMERIC_CHARACTERS=''.,''')) AND "IsActive" = 1)) OR "ContactName" IS NULL)
  1 args

-- 418 customers?$search=acme or wile&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE (((LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:4) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:5) ESCAPE '!' OR LOWER("City") LIKE LOWER(:6) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:7) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:8) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:9) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:10) ESCAPE '!') AND (LOWER("CustomerCode") LIKE LOWER(:11) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:12) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:13) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:14) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:15) ESCAPE '!' OR LOWER("City") LIKE LOWER(:16) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:17) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:18) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:19) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:20) ESCAPE '!')) AND (LOWER("CustomerCode") LIKE LOWER(:21) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:22) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:23) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:24) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:25) ESCAPE '!' OR LOWER("City") LIKE LOWER(:26) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:27) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:28) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:29) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:30) ESCAPE '!')) ORDER BY "CustomerCode" FETCH NEXT :31 ROWS ONLY
  1: string %acme%
  2: string %acme%
  3: string %acme%
  4: string %acme%
  5: string %acme%
  6: string %acme%
  7: string %acme%
  8: string %acme%
  9: string %acme%
  10: string %acme%
  11: string %or%
  12: string %or%
  13: string %or%
  14: string %or%
  15: string %or%
  16: string %or%
  17: string %or%
  18: string %or%
  19: string %or%
  20: string %or%
  21: string %wile%
  22: string %wile%
  23: string %wile%
  24: string %wile%
  25: string %wile%
  26: string %wile%
  27: string %wile%
  28: string %wile%
  29: string %wile%
  30: string %wile%
  31: int64 2001

-- 419 customers?$search=Strase&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE (LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:4) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:5) ESCAPE '!' OR LOWER("City") LIKE LOWER(:6) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:7) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:8) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:9) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:10) ESCAPE '!') ORDER BY "CustomerCode" FETCH NEXT :11 ROWS ONLY
  1: string %Strase%
  2: string %Strase%
  3: string %Strase%
  4: string %Strase%
  5: string %Strase%
  6: string %Strase%
  7: string %Strase%
  8: string %Strase%
  9: string %Strase%
  10: string %Strase%
  11: int64 2001

-- 420 customers?$search=GIESSEN&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE (LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:4) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:5) ESCAPE '!' OR LOWER("City") LIKE LOWER(:6) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:7) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:8) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:9) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:10) ESCAPE '!') ORDER BY "CustomerCode" FETCH NEXT :11 ROWS ONLY
  1: string %GIESSEN%
  2: string %GIESSEN%
  3: string %GIESSEN%
  4: string %GIESSEN%
  5: string %GIESSEN%
  6: string %GIESSEN%
  7: string %GIESSEN%
  8: string %GIESSEN%
  9: string %GIESSEN%
  10: string %GIESSEN%
  11: int64 2001

-- 421 customers?$search=cafe&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE (LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:4) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:5) ESCAPE '!' OR LOWER("City") LIKE LOWER(:6) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:7) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:8) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:9) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:10) ESCAPE '!') ORDER BY "CustomerCode" FETCH NEXT :11 ROWS ONLY
  1: string %cafe%
  2: string %cafe%
  3: string %cafe%
  4: string %cafe%
  5: string %cafe%
  6: string %cafe%
  7: string %cafe%
  8: string %cafe%
  9: string %cafe%
  10: string %cafe%
  11: int64 2001

-- 422 customers?$search=CAFÉ&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE (LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:4) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:5) ESCAPE '!' OR LOWER("City") LIKE LOWER(:6) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:7) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:8) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:9) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:10) ESCAPE '!') ORDER BY "CustomerCode" FETCH NEXT :11 ROWS ONLY
  1: string %CAFÉ%
  2: string %CAFÉ%
  3: string %CAFÉ%
  4: string %CAFÉ%
  5: string %CAFÉ%
  6: string %CAFÉ%
  7: string %CAFÉ%
  8: string %CAFÉ%
  9: string %CAFÉ%
  10: string %CAFÉ%
  11: int64 2001

-- 423 customers?$search="wile e." OR "100%"&$select=CustomerCode
error 400 InvalidQueryOption: $search: invalid percent-encoding at position 17

-- 424 customers?$search=acme&$inlinecount=allpages&$top=2
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE (LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:4) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:5) ESCAPE '!' OR LOWER("City") LIKE LOWER(:6) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:7) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:8) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:9) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:10) ESCAPE '!') ORDER BY "CustomerCode" FETCH NEXT :11 ROWS ONLY
  1: string %acme%
  2: string %acme%
  3: string %acme%
  4: string %acme%
  5: string %acme%
  6: string %acme%
  7: string %acme%
  8: string %acme%
  9: string %acme%
  10: string %acme%
  11: int64 2
count: SELECT COUNT(*) FROM "customers" WHERE (LOWER("CustomerCode") LIKE LOWER(:1) ESCAPE '!' OR LOWER("CompanyName") LIKE LOWER(:2) ESCAPE '!' OR LOWER("ContactName") LIKE LOWER(:3) ESCAPE '!' OR LOWER("ContactTitle") LIKE LOWER(:4) ESCAPE '!' OR LOWER("Country") LIKE LOWER(:5) ESCAPE '!' OR LOWER("City") LIKE LOWER(:6) ESCAPE '!' OR LOWER("PostalCode") LIKE LOWER(:7) ESCAPE '!' OR LOWER("Phone") LIKE LOWER(:8) ESCAPE '!' OR LOWER("CurrencyCode") LIKE LOWER(:9) ESCAPE '!' OR LOWER("Notes") LIKE LOWER(:10) ESCAPE '!')
  10 args

-- 425 customers?$format=json&$top=2&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2

-- 426 Order_Lines?$top=2001&$select=OrderNo,LineNo
SELECT "OrderNo", "LineNo" FROM "Order Lines" ORDER BY "OrderNo", "LineNo" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 427 suppliers?$filter=SupplierCode ne 'A/B&C' and SupplierCode ne 'Q?A#1'&$select=SupplierCode
error 400 InvalidFilter: $filter: unterminated string literal at position 16

-- 428 customers?$filter=substring(CompanyName,1,0) eq ''&$count=true&$top=1
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE 1=0 ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 1
count: SELECT COUNT(*) FROM "customers" WHERE 1=0
  0 args

-- 429 customers?$filter=indexof(CompanyName,'') eq 0&$count=true&$top=1
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE (0) = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: int64 0
  2: int64 1
count: SELECT COUNT(*) FROM "customers" WHERE (0) = :1
  1 args

-- 430 customers?$filter=contains(CompanyName,'') and startswith(ContactName,'') and endswith(Notes,'')&$count=true&$top=1
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE (("CompanyName" LIKE :1 ESCAPE '!' AND "ContactName" LIKE :2 ESCAPE '!') AND "Notes" LIKE :3 ESCAPE '!') ORDER BY "CustomerCode" FETCH NEXT :4 ROWS ONLY
  1: string %%
  2: string %
  3: string %
  4: int64 1
count: SELECT COUNT(*) FROM "customers" WHERE (("CompanyName" LIKE :1 ESCAPE '!' AND "ContactName" LIKE :2 ESCAPE '!') AND "Notes" LIKE :3 ESCAPE '!')
  3 args

-- 431 customers?$filter=endswith(CompanyName,CompanyName)&$count=true&$top=1
unsupported: contains/startswith/endswith with a non-literal pattern: not supported by this database

-- 432 customers?$filter=concat(CompanyName,ContactName) eq 'acmewile e. coyote'
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE (CASE WHEN "ContactName" IS NULL THEN NULL ELSE "CompanyName" || "ContactName" END) = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string acmewile e. coyote
  2: int64 2001

-- 433 customers?$filter=length(trim(CompanyName)) eq 3&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE (NVL(LENGTH(TRIM("CompanyName")), 0)) = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: int64 3
  2: int64 2001

-- 434 customers?$filter=tolower(toupper(CompanyName)) eq 'acme'&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" WHERE LOWER(UPPER("CompanyName")) = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string acme
  2: int64 2001

-- 435 customers?$filter=year(now()) gt 2020&$count=true&$top=1
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE EXTRACT(YEAR FROM SYS_EXTRACT_UTC(SYSTIMESTAMP)) > :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: int64 2020
  2: int64 1
count: SELECT COUNT(*) FROM "customers" WHERE EXTRACT(YEAR FROM SYS_EXTRACT_UTC(SYSTIMESTAMP)) > :1
  1 args

-- 436 orders?$filter=OrderDate ge 2020-02-29T00:00:00Z and OrderDate le 2020-03-01&$select=OrderNo,OrderDate
SELECT "OrderNo", "OrderDate" FROM "orders" WHERE ("OrderDate" >= TO_DATE(:1, 'YYYY-MM-DD') AND "OrderDate" <= TO_DATE(:2, 'YYYY-MM-DD')) ORDER BY "OrderNo" FETCH NEXT :3 ROWS ONLY
  1: string 2020-02-29
  2: string 2020-03-01
  3: int64 2001

-- 437 orders?$filter=hour(Shipped) add minute(Shipped) eq 0&$select=OrderNo,Shipped
SELECT "OrderNo", "Shipped" FROM "orders" WHERE (EXTRACT(HOUR FROM SYS_EXTRACT_UTC("Shipped")) + EXTRACT(MINUTE FROM SYS_EXTRACT_UTC("Shipped"))) = :1 ORDER BY "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: int64 0
  2: int64 2001

-- 438 orders?$filter=month(Shipped) ne month(OrderDate)&$count=true&$select=OrderNo
SELECT "OrderNo" FROM "orders" WHERE (EXTRACT(MONTH FROM SYS_EXTRACT_UTC("Shipped")) <> EXTRACT(MONTH FROM CAST("OrderDate" AS TIMESTAMP)) OR EXTRACT(MONTH FROM SYS_EXTRACT_UTC("Shipped")) IS NULL) ORDER BY "OrderNo" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "orders" WHERE (EXTRACT(MONTH FROM SYS_EXTRACT_UTC("Shipped")) <> EXTRACT(MONTH FROM CAST("OrderDate" AS TIMESTAMP)) OR EXTRACT(MONTH FROM SYS_EXTRACT_UTC("Shipped")) IS NULL)
  0 args

-- 439 orders?$filter=Shipped ge RequiredDate&$count=true&$select=OrderNo,Shipped,RequiredDate
SELECT "OrderNo", "Shipped", "RequiredDate" FROM "orders" WHERE "Shipped" >= "RequiredDate" ORDER BY "OrderNo" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "orders" WHERE "Shipped" >= "RequiredDate"
  0 args

-- 440 orders?$filter=date(Shipped) eq RequiredDate&$select=OrderNo,Shipped,RequiredDate
SELECT "OrderNo", "Shipped", "RequiredDate" FROM "orders" WHERE ((TRUNC(SYS_EXTRACT_UTC("Shipped")) IS NOT NULL AND "RequiredDate" IS NOT NULL AND TRUNC(SYS_EXTRACT_UTC("Shipped")) = "RequiredDate") OR (TRUNC(SYS_EXTRACT_UTC("Shipped")) IS NULL AND "RequiredDate" IS NULL)) ORDER BY "OrderNo" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 441 orders?$orderby=Freight mul 2 desc&$top=20&$select=OrderNo,Freight
SELECT "OrderNo", "Freight" FROM "orders" ORDER BY ("Freight" * :1) DESC NULLS LAST, "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: int64 2
  2: int64 20

-- 442 orders?$orderby=Shipped desc,Freight&$top=20&$skip=100&$select=OrderNo,Shipped,Freight
SELECT "OrderNo", "Shipped", "Freight" FROM "orders" ORDER BY "Shipped" DESC NULLS LAST, "Freight" NULLS FIRST, "OrderNo" OFFSET :1 ROWS FETCH NEXT :2 ROWS ONLY
  1: int64 100
  2: int64 20

-- 443 products?$filter=Length gt UnitsInStock&$count=true&$select=ProductID,Length,UnitsInStock
SELECT "ProductID", "Length", "UnitsInStock" FROM "products" WHERE "Length" > "UnitsInStock" ORDER BY "ProductID" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "products" WHERE "Length" > "UnitsInStock"
  0 args

-- 444 products?$filter=Weight gt Length&$count=true&$select=ProductID,Weight,Length
SELECT "ProductID", "Weight", "Length" FROM "products" WHERE "Weight" > "Length" ORDER BY "ProductID" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "products" WHERE "Weight" > "Length"
  0 args

-- 445 products?$filter=UnitPrice eq UnitsInStock&$select=ProductID,UnitPrice,UnitsInStock
SELECT "ProductID", "UnitPrice", "UnitsInStock" FROM "products" WHERE "UnitPrice" = "UnitsInStock" ORDER BY "ProductID" FETCH NEXT :1 ROWS ONLY
  1: int64 2001

-- 446 Order_Lines?$filter=LineNo eq Quantity&$count=true&$select=OrderNo,LineNo,Quantity
SELECT "OrderNo", "LineNo", "Quantity" FROM "Order Lines" WHERE "LineNo" = "Quantity" ORDER BY "OrderNo", "LineNo" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "Order Lines" WHERE "LineNo" = "Quantity"
  0 args

-- 447 customers?$select=*&$top=2
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2

-- 448 customers?$orderby=CompanyName asc,CustomerCode desc&$top=30&$select=CustomerCode,CompanyName
SELECT "CustomerCode", "CompanyName" FROM "customers" ORDER BY "CompanyName", "CustomerCode" DESC FETCH NEXT :1 ROWS ONLY
  1: int64 30

-- 449 customers?$filter=Contains(CompanyName,'acme') or TOLOWER(CompanyName) eq 'abc'&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE ("CompanyName" LIKE :1 ESCAPE '!' OR LOWER("CompanyName") = :2) ORDER BY "CustomerCode" FETCH NEXT :3 ROWS ONLY
  1: string %acme%
  2: string abc
  3: int64 2001

-- 450 customers?$filter=CompanyName  eq  'acme'&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE "CompanyName" = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string acme
  2: int64 2001

-- 451 customers?$filter=(CompanyName) eq ('acme')&$select=CustomerCode
SELECT "CustomerCode" FROM "customers" WHERE "CompanyName" = :1 ORDER BY "CustomerCode" FETCH NEXT :2 ROWS ONLY
  1: string acme
  2: int64 2001

-- 452 customers?$filter=true&$count=true&$top=1
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE 1=1 ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 1
count: SELECT COUNT(*) FROM "customers" WHERE 1=1
  0 args

-- 453 customers?$filter=false&$count=true
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE 1=0 ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE 1=0
  0 args

-- 454 customers?$filter=null&$count=true
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE 1=0 ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE 1=0
  0 args

-- 455 customers?$filter=not true&$count=true
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE 1=0 ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "customers" WHERE 1=0
  0 args

-- 456 customers?$filter=1 eq 1 and 'a' eq 'a'&$count=true&$top=1
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE 1=1 ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 1
count: SELECT COUNT(*) FROM "customers" WHERE 1=1
  0 args

-- 457 customers?$filter=CustomerCode eq CustomerCode&$count=true&$top=1
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" WHERE "CustomerCode" = "CustomerCode" ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 1
count: SELECT COUNT(*) FROM "customers" WHERE "CustomerCode" = "CustomerCode"
  0 args

-- 458 customers?$skip=0&$top=1
SELECT "CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "CreditLimit", "IsActive", "CreatedAt", "Notes" FROM "customers" ORDER BY "CustomerCode" FETCH NEXT :1 ROWS ONLY
  1: int64 1

-- 459 v_open_orders?$filter=Freight eq null&$count=true
SELECT "OrderNo", "CustomerCode", "CompanyName", "OrderDate", "RequiredDate", "Freight", "CurrencyCode" FROM "v_open_orders" WHERE "Freight" IS NULL ORDER BY "OrderNo" FETCH NEXT :1 ROWS ONLY
  1: int64 2001
count: SELECT COUNT(*) FROM "v_open_orders" WHERE "Freight" IS NULL
  0 args

-- 460 v_open_orders?$filter=CompanyName eq 'acme' or CompanyName eq 'ACME'
SELECT "OrderNo", "CustomerCode", "CompanyName", "OrderDate", "RequiredDate", "Freight", "CurrencyCode" FROM "v_open_orders" WHERE ("CompanyName" = :1 OR "CompanyName" = :2) ORDER BY "OrderNo" FETCH NEXT :3 ROWS ONLY
  1: string acme
  2: string ACME
  3: int64 2001

-- 461 v_open_orders?$filter=OrderDate ge 2024-01-01&$orderby=OrderDate desc
SELECT "OrderNo", "CustomerCode", "CompanyName", "OrderDate", "RequiredDate", "Freight", "CurrencyCode" FROM "v_open_orders" WHERE "OrderDate" >= TO_DATE(:1, 'YYYY-MM-DD') ORDER BY "OrderDate" DESC NULLS LAST, "OrderNo" FETCH NEXT :2 ROWS ONLY
  1: string 2024-01-01
  2: int64 2001

-- 462 v_open_orders?$orderby=Freight desc&$top=10&$count=true
SELECT "OrderNo", "CustomerCode", "CompanyName", "OrderDate", "RequiredDate", "Freight", "CurrencyCode" FROM "v_open_orders" ORDER BY "Freight" DESC NULLS LAST, "OrderNo" FETCH NEXT :1 ROWS ONLY
  1: int64 10
count: SELECT COUNT(*) FROM "v_open_orders"
  0 args

-- 463 v_order_details?$filter=ProductName eq 'Chai'&$count=true&$top=5
SELECT "OrderNo", "LineNo", "ProductID", "ProductName", "Quantity", "UnitPrice", "Discount" FROM "v_order_details" WHERE "ProductName" = :1 ORDER BY "OrderNo", "LineNo" FETCH NEXT :2 ROWS ONLY
  1: string Chai
  2: int64 5
count: SELECT COUNT(*) FROM "v_order_details" WHERE "ProductName" = :1
  1 args

-- 464 v_order_details?$filter=ProductName eq 'CHAI'&$count=true&$top=5
SELECT "OrderNo", "LineNo", "ProductID", "ProductName", "Quantity", "UnitPrice", "Discount" FROM "v_order_details" WHERE "ProductName" = :1 ORDER BY "OrderNo", "LineNo" FETCH NEXT :2 ROWS ONLY
  1: string CHAI
  2: int64 5
count: SELECT COUNT(*) FROM "v_order_details" WHERE "ProductName" = :1
  1 args

-- 465 v_order_details?$filter=Quantity gt 115 and Discount gt 0&$select=OrderNo,LineNo,Quantity,Discount
SELECT "OrderNo", "LineNo", "Quantity", "Discount" FROM "v_order_details" WHERE ("Quantity" > :1 AND "Discount" > :2) ORDER BY "OrderNo", "LineNo" FETCH NEXT :3 ROWS ONLY
  1: int64 115
  2: float64 0
  3: int64 2001

-- 466 v_order_details?$orderby=ProductName,OrderNo desc&$top=30&$select=OrderNo,LineNo,ProductName
SELECT "OrderNo", "LineNo", "ProductName" FROM "v_order_details" ORDER BY "ProductName" NULLS FIRST, "OrderNo" DESC, "LineNo" FETCH NEXT :1 ROWS ONLY
  1: int64 30

