module go4j.dev/go

go 1.19
