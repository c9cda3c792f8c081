<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs var:Page.Title ?> · Slate</title>
<link rel="stylesheet" href="/static/slate.css">
</head>
<body>
<header class="top">
  <a class="brand" href="/dashboard">Slate</a>
<?cs if:Session.StaffName ?>
  <nav aria-label="Sections">
    <ul>
<?cs each:item = Nav ?>
      <li><a href="<?cs var:item.Path ?>"<?cs if:Page.Nav == item.Path ?> aria-current="page"<?cs /if ?>><?cs var:item.Title ?><?cs if:item.Waiting ?> <span class="waiting" title="<?cs var:item.Waiting ?> waiting"><?cs var:item.Waiting ?></span><?cs /if ?></a></li>
<?cs /each ?>
    </ul>
  </nav>
  <div class="who">
<?cs if:subcount(Session.Stores) > 1 ?>
    <form method="post" action="/store/switch" class="inline store-switch">
      <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
      <select name="store" aria-label="Store">
<?cs each:st = Session.Stores ?>
        <option value="<?cs var:st.Code ?>"<?cs if:st.Current ?> selected<?cs /if ?>><?cs var:st.Name ?> (<?cs var:st.Code ?>)</option>
<?cs /each ?>
      </select>
      <button type="submit" class="link">Switch</button>
    </form>
<?cs else ?>
    <span class="store" title="Store"><?cs var:Session.StoreName ?></span>
<?cs /if ?>
    <a class="staff" href="/profile/password" title="<?cs var:Session.Email ?>"><?cs var:Session.StaffName ?></a>
    <form method="post" action="/logout" class="inline">
      <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
      <button type="submit" class="link">Sign out</button>
    </form>
  </div>
<?cs /if ?>
</header>
<main id="main">
<?cs call:content() ?>
</main>
<footer class="bottom">Slate · customer accounts for your store</footer>
</body>
</html>
