-- Introspection of one valid access token by a confidential client.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = os.getenv("BASIC_AUTH")
wrk.body = "token=" .. os.getenv("ACCESS_TOKEN")
