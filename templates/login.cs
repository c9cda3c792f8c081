<?cs def:content() ?>
<section class="card narrow">
  <h1>Sign in</h1>
<?cs if:Form.Error ?>
  <p class="error" role="alert" id="login-error"><?cs var:Form.Error ?></p>
<?cs /if ?>
  <form method="post" action="/login" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Form.Csrf ?>">
    <input type="hidden" name="next" value="<?cs var:Form.Next ?>">
    <label for="email">Email</label>
    <input id="email" name="email" type="email" autocomplete="username" required autofocus value="<?cs var:Form.Email ?>">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit">Sign in</button>
  </form>
</section>
<?cs /def ?>
